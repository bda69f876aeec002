package org.xnorkit.model.layer.conv;

import org.xnorkit.model.TensorType;
import org.xnorkit.model.engine.BitKernels;
import org.xnorkit.model.engine.LayerKernel;
import org.xnorkit.model.engine.Layout;
import org.xnorkit.model.engine.Scratch;
import org.xnorkit.model.engine.Thresholds;
import org.xnorkit.model.layer.ConvLayer;

/**
 * Bit-exact conv2d for the reference engine. The input is a pixel layout whose border already
 * holds the pad element, so a window never needs bounds checks: for each output pixel the
 * kernel²·planes·ceil(C/64) words of its window are copied into one contiguous block (plane-major),
 * and every output channel is an XNOR-popcount (or int8 add/subtract) of that block against its
 * weight row, re-packed at construction into the same order: per kernel position (ky, kx), the
 * channels aligned to words with zero ghost bits.
 */
public final class ConvReference implements LayerKernel {
  private final int kernel;
  private final int stride;
  private final int outChannels;
  private final int fanIn;
  private final int outHeight;
  private final int outWidth;
  private final int wordsPerPlane;
  private final int windowPlaneWords; // L = kernel²·wordsPerPlane
  private final long[] weights;       // outChannels × L, re-packed per kernel position
  private final Thresholds quantizer;
  private final Layout in;
  private final Layout out;
  private final boolean int8;
  private final int outWords; // ceil(outChannels/64): words per output plane

  public ConvReference(ConvLayer layer, Layout in, Layout out) {
    if (in.pad() != layer.padding() || in.paddedWidth() == 0)
      throw new IllegalArgumentException(layer.name() + ": needs a pixel layout with padding " + layer.padding());
    TensorType t = in.type();
    this.kernel = layer.kernel();
    this.stride = layer.stride();
    this.outChannels = layer.outChannels();
    this.fanIn = layer.fanIn();
    this.outHeight = layer.outSize(t.height());
    this.outWidth = layer.outSize(t.width());
    this.wordsPerPlane = in.wordsPerPlane();
    this.windowPlaneWords = kernel * kernel * wordsPerPlane;
    this.quantizer = new Thresholds(layer.quantizer());
    this.in = in;
    this.out = out;
    this.int8 = t.domain() == TensorType.Domain.INT8;
    this.outWords = out.wordsPerPlane();
    int cin = layer.inChannels(), l = windowPlaneWords;
    this.weights = new long[outChannels * l];
    for (int o = 0; o < outChannels; o++)
      for (int pos = 0; pos < kernel * kernel; pos++)
        for (int c = 0; c < cin; c++)
          if (layer.weights().bit(o, pos * cin + c)) weights[o * l + pos * wordsPerPlane + (c >>> 6)] |= 1L << (c & 63);
  }

  @Override public int windowWords() { return in.planes() * windowPlaneWords; }

  @Override public void run(long[] x, long[] y, Scratch s) {
    long[] win = s.window;
    int[] v = s.values;
    int planes = in.planes(), l = windowPlaneWords, wpp = wordsPerPlane;
    for (int oy = 0; oy < outHeight; oy++) {
      for (int ox = 0; ox < outWidth; ox++) {
        for (int ky = 0; ky < kernel; ky++)
          for (int kx = 0; kx < kernel; kx++) {
            int src = in.paddedPixelWord(oy * stride + ky, ox * stride + kx), dst = (ky * kernel + kx) * wpp;
            for (int k = 0; k < planes; k++) System.arraycopy(x, src + k * wpp, win, k * l + dst, wpp);
          }
        if (int8) {
          long codes = BitKernels.codeSum(win, 0, l, l);
          BitKernels.int8Accs(win, 0, l, weights, l, outChannels, codes, v);
          quantizer.pack(v, 0, 1, s.pixel, outWords);
        } else {
          BitKernels.disagreements(win, 0, l, planes, weights, l, outChannels, v);
          quantizer.pack(v, (long) planes * fanIn, -1, s.pixel, outWords); // acc = planes·fanIn − disagreements
        }
        out.writePixel(y, oy * outWidth + ox, s.pixel, 0);
      }
    }
  }
}
