package org.xnorkit.model.engine;

import java.util.Arrays;
import org.xnorkit.model.Quantizer;

/**
 * A {@link Quantizer} prepared for the engine's hot loop: turns a row of accumulators straight into
 * the thermometer plane words of the output pixel, without a branch per channel.
 *
 * <p>Direction d ∈ {+1, −1} folds into a sign: acc ≥ t (d = +1) and acc ≤ t (d = −1) are both
 * d·acc ≥ d·t, so each comparison is the sign bit of {@code d·acc − d·t} (in 64-bit: no overflow).
 * Ties (acc = t) count as reached for both directions, as docs/semantics.md requires.
 */
public final class Thresholds {
  private final int channels;
  private final int k;
  private final long[] sign;   // d per channel
  private final long[] signed; // d·t per channel and threshold, channel-major

  public Thresholds(Quantizer q) {
    channels = q.channels();
    k = q.k();
    sign = new long[channels];
    signed = new long[channels * k];
    for (int c = 0; c < channels; c++) {
      sign[c] = q.direction(c);
      for (int j = 0; j < k; j++) signed[c * k + j] = sign[c] * q.threshold(c, j);
    }
  }

  public int k() { return k; }

  /**
   * Levels of the accumulators {@code acc_c = base + step·v[c]} (c < channels) written as K
   * thermometer planes of {@code wpp} words each into {@code dst} (plane-major, ghost bits zero).
   * {@code step} is −1 when {@code v} holds disagreements and base the maximum agreement count,
   * +1 when {@code v} holds the accumulators themselves.
   */
  public void pack(int[] v, long base, int step, long[] dst, int wpp) {
    if (k == 1) {
      for (int c0 = 0, w = 0; c0 < channels; c0 += 64, w++) {
        long word = 0;
        for (int c = c0, end = Math.min(channels, c0 + 64); c < end; c++) {
          long acc = base + step * v[c];
          word |= (~(sign[c] * acc - signed[c]) >>> 63) << (c & 63); // 1 iff d·acc ≥ d·t
        }
        dst[w] = word;
      }
      return;
    }
    Arrays.fill(dst, 0, k * wpp, 0L);
    for (int c = 0; c < channels; c++) {
      long acc = base + step * v[c], s = sign[c] * acc;
      int level = 0;
      for (int j = 0; j < k; j++) level += (int) (~(s - signed[c * k + j]) >>> 63);
      long bit = 1L << (c & 63);
      for (int j = 0; j < level; j++) dst[j * wpp + (c >>> 6)] |= bit; // planes 0..ℓ−1 set
    }
  }
}
