package org.xnorkit.model.layer.dense;

import org.xnorkit.model.TensorType;
import org.xnorkit.model.engine.BitKernels;
import org.xnorkit.model.engine.LayerKernel;
import org.xnorkit.model.engine.Layout;
import org.xnorkit.model.engine.Scratch;
import org.xnorkit.model.engine.Thresholds;
import org.xnorkit.model.layer.DenseLayer;

/**
 * Bit-exact dense layer for the reference engine. The input is a flat layout: the HWC-flattened
 * vector packed LSB-first, one plane after another, i.e. exactly the order of the weight rows, so
 * the rows are used as stored. Levels input: acc = Σ_k agreements(row, plane_k) (XNOR-popcount);
 * int8 input: acc = Σ ±code by add/subtract over bit slices. Then the quantizer gives the level.
 */
public final class DenseReference implements LayerKernel {
  private final int inputs;
  private final int outputs;
  private final int wordsPerRow;
  private final long[] weights;
  private final Thresholds quantizer;
  private final Layout in;
  private final Layout out;
  private final boolean int8;
  private final int outWords; // ceil(outputs/64): words per output plane

  public DenseReference(DenseLayer layer, Layout in, Layout out) {
    if (in.type().size() != layer.inputs() || in.paddedWidth() != 0)
      throw new IllegalArgumentException(layer.name() + ": input layout " + in.type() + " is not a flat vector of " + layer.inputs() + " elements");
    this.inputs = layer.inputs();
    this.outputs = layer.outputs();
    this.wordsPerRow = layer.weights().wordsPerRow();
    this.weights = layer.weights().words();
    this.quantizer = new Thresholds(layer.quantizer());
    this.in = in;
    this.out = out;
    this.int8 = in.type().domain() == TensorType.Domain.INT8;
    this.outWords = out.wordsPerPlane();
  }

  @Override public void run(long[] x, long[] y, Scratch s) {
    int base = in.baseWord(), stride = in.planeStride(), n = wordsPerRow;
    int[] v = s.values;
    if (int8) {
      long codes = BitKernels.codeSum(x, base, stride, n);
      BitKernels.int8Accs(x, base, stride, weights, n, outputs, codes, v);
      quantizer.pack(v, 0, 1, s.pixel, outWords);
    } else {
      int planes = in.planes();
      BitKernels.disagreements(x, base, stride, planes, weights, n, outputs, v);
      quantizer.pack(v, (long) planes * inputs, -1, s.pixel, outWords); // acc = planes·n − disagreements
    }
    out.writePixel(y, 0, s.pixel, 0);
  }
}
