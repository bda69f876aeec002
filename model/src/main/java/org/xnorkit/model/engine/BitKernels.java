package org.xnorkit.model.engine;

/**
 * The inner loops of the engine: popcounts over packed words. {@link Long#bitCount} is a HotSpot
 * intrinsic (one POPCNT instruction, or vectorized where the CPU allows), so the loops stay plain.
 *
 * <p>Depends on the ghost bits being clear (see {@link Layout}): the bits past an element row in
 * its last word are 0 in both operands, so {@code x ^ w} never counts them and no tail mask is
 * needed. The agreements (XNOR count) of n real bit pairs are then {@code n − xorCount}.
 */
public final class BitKernels {
  private BitKernels() {}

  /** Σ popcount(x[xOff+i] ^ w[wOff+i]), i < n: the disagreements of two packed ±1 vectors. */
  public static int xorCount(long[] x, int xOff, long[] w, int wOff, int n) {
    int a = 0, b = 0, i = 0;
    // Two independent sums keep two POPCNT chains in flight.
    for (; i + 1 < n; i += 2) {
      a += Long.bitCount(x[xOff + i] ^ w[wOff + i]);
      b += Long.bitCount(x[xOff + i + 1] ^ w[wOff + i + 1]);
    }
    if (i < n) a += Long.bitCount(x[xOff + i] ^ w[wOff + i]);
    return a + b;
  }

  /** Σ popcount(x[xOff+i] & w[wOff+i]), i < n: positions where both bits are 1. */
  public static int andCount(long[] x, int xOff, long[] w, int wOff, int n) {
    int a = 0;
    for (int i = 0; i < n; i++) a += Long.bitCount(x[xOff + i] & w[wOff + i]);
    return a;
  }

  /** Σ popcount(x[off+i]), i < n. */
  public static int count(long[] x, int off, int n) {
    int a = 0;
    for (int i = 0; i < n; i++) a += Long.bitCount(x[off + i]);
    return a;
  }

  /**
   * XNOR-popcount of one weight row against a K-plane levels vector: Σ_k agreements over n words
   * per plane, planes {@code stride} words apart; {@code bits} is the number of real bits per plane.
   * Range [0, planes·bits].
   */
  public static int levelsAcc(long[] x, int xOff, int stride, int planes, long[] w, int wOff, int n, int bits) {
    int d = 0;
    for (int k = 0; k < planes; k++) d += xorCount(x, xOff + k * stride, w, wOff, n);
    return planes * bits - d;
  }

  /**
   * Σ of the int8 codes of a sliced vector (8 two's-complement planes {@code stride} words apart):
   * Σ_j weight_j · popcount(plane_j).
   */
  public static long codeSum(long[] x, int xOff, int stride, int n) {
    long s = 0;
    for (int j = 0; j < 8; j++) s += (long) Layout.sliceWeight(j) * count(x, xOff + j * stride, n);
    return s;
  }

  /**
   * Σ_i w_i·q_i with w_i = ±1 from a weight row and q_i the int8 codes of a sliced vector: add the
   * code where the weight bit is 1, subtract it where it is 0. As
   * Σ_{w=1} q − Σ_{w=0} q = 2·Σ_{w=1} q − Σ q, and Σ_{w=1} q = Σ_j weight_j·popcount(w & plane_j),
   * it costs 8 AND-popcounts per word; {@code codeSum} is {@link #codeSum} of the same vector.
   */
  public static long int8Acc(long[] x, int xOff, int stride, long[] w, int wOff, int n, long codeSum) {
    long s = 0;
    for (int j = 0; j < 8; j++) s += (long) Layout.sliceWeight(j) * andCount(x, xOff + j * stride, w, wOff, n);
    return 2 * s - codeSum;
  }
}
