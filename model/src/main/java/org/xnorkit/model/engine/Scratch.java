package org.xnorkit.model.engine;

/**
 * Per-thread working memory of a {@link ReferenceEngine}: the tensor buffers and the small arrays
 * the kernels reuse, sized once for the whole network so that no inner loop allocates.
 */
public final class Scratch {
  /** One buffer per distinct tensor storage (a flatten shares its input's). */
  final long[][] buffers;
  /** Element values of one pixel or of a whole tensor (levels, codes, signed values). */
  public final int[] values;
  /** One pixel's plane words. */
  public final long[] pixel;
  /** A conv window, gathered plane by plane. */
  public final long[] window;
  /** Output scores. */
  public final long[] scores;

  /** Scratch for running kernels on their own (benchmarks, tests), without tensor buffers. */
  public Scratch(int values, int pixel, int window, int classes) { this(new long[0][], values, pixel, window, classes); }

  Scratch(long[][] buffers, int values, int pixel, int window, int classes) {
    this.buffers = buffers;
    this.values = new int[values];
    this.pixel = new long[pixel];
    this.window = new long[window];
    this.scores = new long[classes];
  }
}
