package org.xnorkit.simulator.unit;

import org.xnorkit.hwgen.rtl.MvtuParams;

/**
 * The MVTU's threshold stage with the generator's own parameters ({@code MvtuParams.thresholds},
 * already reordered for direction −1): plane j of neuron r is
 * {@code direction ? acc ≥ t(r·K + j) : acc ≤ t(r·K + j)}, i.e. {@code d·acc ≥ d·t} with d = ±1 —
 * the sign bit of {@code d·acc − d·t} without a branch (64-bit: no overflow). Using these rather
 * than the model's quantizer means a slip in the generator's reordering shows up as a mismatch
 * against the reference engine.
 */
public final class ThresholdPlanes {
  private final int k;
  private final long[] sign;
  private final long[] signedThr;

  public ThresholdPlanes(MvtuParams p, int outputs) {
    k = p.thresholdK();
    long[] thr = p.thresholds();
    boolean[] dir = p.directions();
    sign = new long[outputs];
    signedThr = new long[outputs * k];
    for (int r = 0; r < outputs; r++) {
      sign[r] = dir[r] ? 1 : -1;
      for (int j = 0; j < k; j++) signedThr[r * k + j] = sign[r] * thr[r * k + j];
    }
  }

  /** Planes per output element (K). */
  public int k() { return k; }

  /** ORs neuron r's planes for accumulator {@code acc} into element {@code elem} of {@code y} (planes {@code planeWords} apart). */
  public void write(long acc, int r, long[] y, int planeWords, int elem) {
    long s = sign[r] * acc;
    int w = elem >>> 6, sh = elem & 63;
    for (int j = 0; j < k; j++) y[j * planeWords + w] |= (~(s - signedThr[r * k + j]) >>> 63) << sh;
  }
}
