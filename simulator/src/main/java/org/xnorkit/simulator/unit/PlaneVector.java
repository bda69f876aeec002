package org.xnorkit.simulator.unit;

/**
 * A vector of {@code size} elements carried as bit-planes, the layout the packed kernels of the
 * model ({@code org.xnorkit.model.engine.BitKernels}) read: plane k of element i is bit i mod 64
 * of word {@code k·words + i/64}, {@code words = ⌈size/64⌉}. A levels element has K planes, the
 * bits its thermometer planes carry on a stream (plane k in bit k of the element); an int8 code
 * has 8 two's-complement slices. Ghost bits past {@code size} are zero, which the kernels rely on.
 */
public final class PlaneVector {
  private PlaneVector() {}

  public static int words(int size) { return (size + 63) >>> 6; }

  /** An empty (all-zero) vector of {@code planes} planes. */
  public static long[] zeros(int size, int planes) { return new long[planes * words(size)]; }

  /**
   * Packs element bit-fields: element i's {@code planes}-bit field is {@code fields[i]} (bit k =
   * plane k), exactly as a stream beat lane carries it.
   */
  public static long[] ofFields(int[] fields, int planes) {
    int n = fields.length, w = words(n);
    long[] v = new long[planes * w];
    for (int i = 0; i < n; i++) {
      int f = fields[i];
      long bit = 1L << (i & 63);
      for (int k = 0; k < planes; k++) if ((f >>> k & 1) != 0) v[k * w + (i >>> 6)] |= bit;
    }
    return v;
  }

  /** The {@code planes}-bit field of element i (bit k = plane k). */
  public static int field(long[] v, int size, int planes, int i) {
    int w = words(size), f = 0;
    for (int k = 0; k < planes; k++) f |= (int) (v[k * w + (i >>> 6)] >>> (i & 63) & 1L) << k;
    return f;
  }

  /**
   * ORs {@code n} bits of {@code src} starting at bit {@code from} into {@code dst} starting at bit
   * {@code to} (LSB-first bit numbering over the words). The bits of {@code dst} outside the range
   * are untouched; with a zeroed destination this is a copy.
   */
  public static void orBits(long[] src, long from, long[] dst, long to, int n) {
    while (n > 0) {
      int take = Math.min(64, n);
      long v = get64(src, from);
      if (take < 64) v &= (1L << take) - 1;
      int w = (int) (to >>> 6), sh = (int) (to & 63);
      dst[w] |= v << sh;
      if (sh != 0 && take > 64 - sh) dst[w + 1] |= v >>> (64 - sh);
      from += take;
      to += take;
      n -= take;
    }
  }

  /** Sets {@code n} bits of {@code dst} from bit {@code to}. */
  public static void setBits(long[] dst, long to, int n) {
    while (n > 0) {
      int take = Math.min(64, n);
      long v = take == 64 ? -1L : (1L << take) - 1;
      int w = (int) (to >>> 6), sh = (int) (to & 63);
      dst[w] |= v << sh;
      if (sh != 0 && take > 64 - sh) dst[w + 1] |= v >>> (64 - sh);
      to += take;
      n -= take;
    }
  }

  /** The 64 bits of {@code a} from bit {@code pos} (bits past the array read as 0). */
  private static long get64(long[] a, long pos) {
    int w = (int) (pos >>> 6), sh = (int) (pos & 63);
    long lo = a[w] >>> sh;
    if (sh == 0 || w + 1 >= a.length) return lo;
    return lo | a[w + 1] << (64 - sh);
  }
}
