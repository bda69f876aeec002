package org.xnorkit.model.engine;

/**
 * The inner loops of the engine: popcounts over packed words. {@link Long#bitCount} is a HotSpot
 * intrinsic (one POPCNT instruction), so the loops stay plain.
 *
 * <p>Depends on the ghost bits being clear (see {@link Layout}): the bits past an element row in
 * its last word are 0 in both operands, so {@code x ^ w} never counts them and no tail mask is
 * needed. The agreements (XNOR count) of n real bit pairs are then {@code n − xorCount}.
 */
public final class BitKernels {
  private BitKernels() {}

  /** Σ popcount(x[xOff+i] ^ w[wOff+i]), i < n: the disagreements of two packed ±1 vectors. */
  public static int xorCount(long[] x, int xOff, long[] w, int wOff, int n) {
    int a = 0;
    for (int i = 0; i < n; i++) a += Long.bitCount(x[xOff + i] ^ w[wOff + i]);
    return a;
  }

  /**
   * Disagreements of each of {@code rows} weight rows (n words each, row r at {@code w[r·n]})
   * with a K-plane vector (planes {@code stride} words apart from {@code xOff}), summed over the
   * planes, into {@code out[0..rows)}. Rows go four at a time so that each input word is loaded
   * once for four rows (measured ~2× faster than row by row: the loop is load-bound).
   */
  public static void disagreements(long[] x, int xOff, int stride, int planes, long[] w, int n, int rows, int[] out) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      int o0 = r * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      for (int k = 0; k < planes; k++) {
        int xo = xOff + k * stride;
        for (int i = 0; i < n; i++) {
          long xi = x[xo + i];
          a0 += Long.bitCount(xi ^ w[o0 + i]);
          a1 += Long.bitCount(xi ^ w[o1 + i]);
          a2 += Long.bitCount(xi ^ w[o2 + i]);
          a3 += Long.bitCount(xi ^ w[o3 + i]);
        }
      }
      out[r] = a0;
      out[r + 1] = a1;
      out[r + 2] = a2;
      out[r + 3] = a3;
    }
    for (; r < rows; r++) {
      int a = 0;
      for (int k = 0; k < planes; k++) a += xorCount(x, xOff + k * stride, w, r * n, n);
      out[r] = a;
    }
  }

  /** Σ popcount(x[off+i]), i < n. */
  public static int count(long[] x, int off, int n) {
    int a = 0;
    for (int i = 0; i < n; i++) a += Long.bitCount(x[off + i]);
    return a;
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
   * Σ_i w_i·q_i for each of {@code rows} weight rows (n words each, row r at {@code w[r·n]}), with
   * w_i = ±1 and q_i the int8 codes of a sliced vector (8 two's-complement planes {@code stride}
   * words apart): add the code where the weight bit is 1, subtract it where it is 0. As
   * Σ_{w=1} q − Σ_{w=0} q = 2·Σ_{w=1} q − Σ q and Σ_{w=1} q = Σ_j weight_j·popcount(w & plane_j),
   * a row costs 8 AND-popcounts per word, all slices in one pass. {@code codeSum} is
   * {@link #codeSum} of the same vector. Results (in [−128·bits, 128·bits]) go to {@code out[0..rows)}.
   */
  public static void int8Accs(long[] x, int xOff, int stride, long[] w, int n, int rows, long codeSum, int[] out) {
    if (n == 1) { // small first layers (3×3×3 windows): keep the eight slices in registers
      long x0 = x[xOff], x1 = x[xOff + stride], x2 = x[xOff + 2 * stride], x3 = x[xOff + 3 * stride];
      long x4 = x[xOff + 4 * stride], x5 = x[xOff + 5 * stride], x6 = x[xOff + 6 * stride], x7 = x[xOff + 7 * stride];
      for (int r = 0; r < rows; r++) {
        long wv = w[r];
        long positive = Long.bitCount(wv & x0) + 2L * Long.bitCount(wv & x1) + 4L * Long.bitCount(wv & x2)
            + 8L * Long.bitCount(wv & x3) + 16L * Long.bitCount(wv & x4) + 32L * Long.bitCount(wv & x5)
            + 64L * Long.bitCount(wv & x6) - 128L * Long.bitCount(wv & x7);
        out[r] = (int) (2 * positive - codeSum);
      }
      return;
    }
    for (int r = 0; r < rows; r++) {
      int s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      int o = r * n;
      for (int i = 0; i < n; i++) {
        long wv = w[o + i];
        int xi = xOff + i;
        s0 += Long.bitCount(wv & x[xi]);
        s1 += Long.bitCount(wv & x[xi + stride]);
        s2 += Long.bitCount(wv & x[xi + 2 * stride]);
        s3 += Long.bitCount(wv & x[xi + 3 * stride]);
        s4 += Long.bitCount(wv & x[xi + 4 * stride]);
        s5 += Long.bitCount(wv & x[xi + 5 * stride]);
        s6 += Long.bitCount(wv & x[xi + 6 * stride]);
        s7 += Long.bitCount(wv & x[xi + 7 * stride]);
      }
      long positive = s0 + 2L * s1 + 4L * s2 + 8L * s3 + 16L * s4 + 32L * s5 + 64L * s6 - 128L * s7;
      out[r] = (int) (2 * positive - codeSum);
    }
  }
}
