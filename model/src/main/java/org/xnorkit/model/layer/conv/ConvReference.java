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
 * holds the pad element, so a window never needs bounds checks. For each output pixel the window
 * is gathered into one dense bit vector per plane in fan-in order (ky, kx, c) — exactly the order
 * of the stored weight rows, which are therefore used as they are — and every output channel is
 * an XNOR-popcount (or int8 add/subtract) of that vector against its row. Dense gathering matters
 * for few channels: a 3×3 window of 3 channels is one word, not nine.
 */
public final class ConvReference implements LayerKernel {
  private final int kernel;
  private final int stride;
  private final int inChannels;
  private final int outChannels;
  private final int fanIn;
  private final int outHeight;
  private final int outWidth;
  private final int wordsPerPlane;   // of an input pixel
  private final int windowWords;     // L = ceil(fanIn/64): words of one gathered plane = of a weight row
  private final long[] weights;      // outChannels × L, as stored
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
    this.inChannels = layer.inChannels();
    this.outChannels = layer.outChannels();
    this.fanIn = layer.fanIn();
    this.outHeight = layer.outSize(t.height());
    this.outWidth = layer.outSize(t.width());
    this.wordsPerPlane = in.wordsPerPlane();
    this.windowWords = layer.weights().wordsPerRow();
    this.weights = layer.weights().words();
    this.quantizer = new Thresholds(layer.quantizer());
    this.in = in;
    this.out = out;
    this.int8 = t.domain() == TensorType.Domain.INT8;
    this.outWords = out.wordsPerPlane();
  }

  @Override public int windowWords() { return in.planes() * windowWords; }

  @Override public void run(long[] x, long[] y, Scratch s) {
    long[] win = s.window;
    int[] v = s.values;
    int planes = in.planes(), l = windowWords;
    for (int oy = 0; oy < outHeight; oy++) {
      for (int ox = 0; ox < outWidth; ox++) {
        gather(x, oy * stride, ox * stride, win, planes);
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

  /**
   * Packs the window with top-left padded pixel (y0, x0) into {@code win}: plane k at
   * {@code k·L}, element (ky, kx, c) at bit (ky·kernel + kx)·C + c. Ghost bits stay zero: the
   * pixels' own ghost bits are zero and the words are cleared first.
   */
  private void gather(long[] x, int y0, int x0, long[] win, int planes) {
    int l = windowWords, wpp = wordsPerPlane, c = inChannels;
    if ((c & 63) == 0) { // whole words: the dense order is the pixel order
      for (int ky = 0, dst = 0; ky < kernel; ky++)
        for (int kx = 0; kx < kernel; kx++, dst += wpp) {
          int src = in.paddedPixelWord(y0 + ky, x0 + kx);
          for (int k = 0; k < planes; k++)
            for (int w = 0; w < wpp; w++) win[k * l + dst + w] = x[src + k * wpp + w];
        }
      return;
    }
    java.util.Arrays.fill(win, 0, planes * l, 0L);
    for (int ky = 0, bit = 0; ky < kernel; ky++)
      for (int kx = 0; kx < kernel; kx++, bit += c) {
        int src = in.paddedPixelWord(y0 + ky, x0 + kx);
        for (int k = 0; k < planes; k++) {
          int base = k * l;
          for (int w = 0, pos = bit; w < wpp; w++, pos += 64) {
            long word = x[src + k * wpp + w];
            int at = base + (pos >>> 6), sh = pos & 63;
            win[at] |= word << sh;
            if (sh != 0) {
              long hi = word >>> (64 - sh); // nonzero only where real bits cross into the next word
              if (hi != 0) win[at + 1] |= hi;
            }
          }
        }
      }
  }
}
