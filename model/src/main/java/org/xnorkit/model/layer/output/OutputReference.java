package org.xnorkit.model.layer.output;

import org.xnorkit.model.Quantizer;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.engine.BitKernels;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.Layout;
import org.xnorkit.model.engine.Scratch;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;

/**
 * Bit-exact output layer for the reference engine: score_c = scale_c·acc_c + offset_c in 64-bit,
 * optional K = 1 class bits, then the readout (argmax: lowest index wins a tie; highestSetBit:
 * 0 when no bit is set). Binary weights use the dense kernels on the flat input; integer weights
 * take Σ w·v over the signed element values (2ℓ − K, or the int8 code).
 */
public final class OutputReference {
  private final int inputs;
  private final int classes;
  private final int wordsPerRow;
  private final long[] binaryWeights; // null for integer weights
  private final int[] intWeights;     // null for binary weights
  private final int[] scale;
  private final int[] offset;
  private final Quantizer thresholds;
  private final Readout readout;
  private final Layout in;
  private final boolean int8;

  public OutputReference(OutputLayer layer, Layout in) {
    if (in.type().size() != layer.inputs() || in.paddedWidth() != 0)
      throw new IllegalArgumentException(layer.name() + ": input layout " + in.type() + " is not a flat vector of " + layer.inputs() + " elements");
    this.inputs = layer.inputs();
    this.classes = layer.classes();
    if (layer.weights() instanceof OutputWeights.Binary b) {
      this.binaryWeights = b.bits().words();
      this.wordsPerRow = b.bits().wordsPerRow();
      this.intWeights = null;
    } else {
      this.intWeights = ((OutputWeights.Integer) layer.weights()).values();
      this.binaryWeights = null;
      this.wordsPerRow = 0;
    }
    this.scale = layer.scale();
    this.offset = layer.offset();
    this.thresholds = layer.thresholds();
    this.readout = layer.readout();
    this.in = in;
    this.int8 = in.type().domain() == TensorType.Domain.INT8;
  }

  /** Elements of {@link Scratch#values} needed for the signed values of the input (integer weights). */
  public int valuesNeeded() { return intWeights == null ? 0 : inputs; }

  /** Computes the scores of the input vector {@code x} into {@code scores}. */
  public void scores(long[] x, long[] scores, Scratch s) {
    if (binaryWeights != null) {
      int base = in.baseWord(), stride = in.planeStride(), n = wordsPerRow;
      if (int8) {
        long codes = BitKernels.codeSum(x, base, stride, n);
        int[] a = s.values;
        BitKernels.int8Accs(x, base, stride, binaryWeights, n, classes, codes, a);
        for (int c = 0; c < classes; c++) scores[c] = a[c];
      } else {
        int planes = in.planes();
        int[] d = s.values;
        BitKernels.disagreements(x, base, stride, planes, binaryWeights, n, classes, d);
        for (int c = 0; c < classes; c++) scores[c] = (long) planes * inputs - d[c]; // acc = agreements
      }
    } else {
      int[] v = s.values;
      TensorType t = in.type();
      int ch = t.channels(), k = t.k();
      for (int p = 0; p < t.height() * t.width(); p++) in.readValues(x, p, v, p * ch);
      if (!int8) for (int i = 0; i < inputs; i++) v[i] = 2 * v[i] - k; // level → signed value
      for (int c = 0; c < classes; c++) {
        long acc = 0;
        int row = c * inputs;
        for (int i = 0; i < inputs; i++) acc += (long) intWeights[row + i] * v[i];
        scores[c] = acc;
      }
    }
    for (int c = 0; c < classes; c++) scores[c] = scale[c] * scores[c] + offset[c];
  }

  /** Class bits and readout of computed scores. */
  public Inference readout(long[] scores) {
    int[] bits = null;
    if (thresholds != null) {
      bits = new int[classes];
      for (int c = 0; c < classes; c++) bits[c] = thresholds.level(c, scores[c]);
    }
    int predicted = 0;
    if (readout == Readout.HIGHEST_SET_BIT) {
      for (int c = classes - 1; c >= 0; c--) if (bits[c] != 0) { predicted = c; break; }
    } else {
      for (int c = 1; c < classes; c++) if (scores[c] > scores[predicted]) predicted = c; // strict: lowest index wins a tie
    }
    return new Inference(scores, bits, predicted); // copies scores
  }
}
