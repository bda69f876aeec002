package org.xnorkit.model.layer.maxpool;

import java.util.Arrays;
import org.xnorkit.model.engine.LayerKernel;
import org.xnorkit.model.engine.Layout;
import org.xnorkit.model.engine.Scratch;
import org.xnorkit.model.layer.MaxPoolLayer;

/**
 * Bit-exact max-pool for the reference engine: the max level of a window is the OR of each
 * thermometer plane (plain OR for bits), done on whole words of the input's pixel layout.
 */
public final class MaxPoolReference implements LayerKernel {
  private final int kernel;
  private final int stride;
  private final int outHeight;
  private final int outWidth;
  private final Layout in;
  private final Layout out;

  public MaxPoolReference(MaxPoolLayer layer, Layout in, Layout out) {
    if (in.paddedWidth() == 0 || in.pad() != 0) throw new IllegalArgumentException(layer.name() + ": needs an unpadded pixel layout");
    this.kernel = layer.kernel();
    this.stride = layer.stride();
    this.outHeight = layer.outSize(in.type().height());
    this.outWidth = layer.outSize(in.type().width());
    this.in = in;
    this.out = out;
  }

  @Override public void run(long[] x, long[] y, Scratch s) {
    long[] acc = s.pixel;
    int words = in.pixelWords();
    for (int oy = 0; oy < outHeight; oy++)
      for (int ox = 0; ox < outWidth; ox++) {
        Arrays.fill(acc, 0, words, 0L);
        for (int ky = 0; ky < kernel; ky++)
          for (int kx = 0; kx < kernel; kx++) {
            int src = in.paddedPixelWord(oy * stride + ky, ox * stride + kx);
            for (int w = 0; w < words; w++) acc[w] |= x[src + w];
          }
        out.writePixel(y, oy * outWidth + ox, acc, 0);
      }
  }
}
