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
}
