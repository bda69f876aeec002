package org.xnorkit.model;

import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;

/**
 * The closed range [min, max] an accumulator can take, and the bits a hardware register needs
 * for it. See docs/semantics.md, "Accumulators".
 */
public record AccumulatorRange(long min, long max) {

  /** Range of a compute layer's accumulator given the type of its input. */
  public static AccumulatorRange of(Layer layer, TensorType in) {
    if (layer instanceof DenseLayer d) return binary(in, d.inputs());
    if (layer instanceof ConvLayer c) return binary(in, c.fanIn());
    if (layer instanceof OutputLayer o)
      return o.weights() instanceof OutputWeights.Integer iw ? integer(in, iw) : binary(in, o.inputs());
    throw new IllegalArgumentException(layer.kind() + " has no accumulator");
  }

  /** XNOR-popcount over K planes: [0, K·n]; add/subtract of int8 codes: [−128·n, 128·n]. */
  public static AccumulatorRange binary(TensorType in, int fanIn) {
    return in.domain() == TensorType.Domain.INT8
        ? new AccumulatorRange(-128L * fanIn, 128L * fanIn)
        : new AccumulatorRange(0, (long) in.k() * fanIn);
  }

  /** Σ w·v with v in [minValue, maxValue] of the input: the widest row bound. ArithmeticException past 64 bits. */
  static AccumulatorRange integer(TensorType in, OutputWeights.Integer w) {
    long m = Math.max(Math.abs((long) in.minValue()), Math.abs((long) in.maxValue()));
    long worst = 0;
    for (int r = 0; r < w.rows(); r++) {
      long s = 0;
      for (int c = 0; c < w.cols(); c++) s = Math.addExact(s, Math.abs((long) w.value(r, c)));
      worst = Math.max(worst, Math.multiplyExact(s, m));
    }
    return new AccumulatorRange(-worst, worst);
  }

  /** Range of {@code scale·acc + offset}; ArithmeticException if it does not fit in 64 bits (the validator rejects such layers). */
  public AccumulatorRange scaled(long scale, long offset) {
    long a = Math.addExact(Math.multiplyExact(scale, min), offset), b = Math.addExact(Math.multiplyExact(scale, max), offset);
    return new AccumulatorRange(Math.min(a, b), Math.max(a, b));
  }

  /** Two's-complement bits that hold every value in the range (unsigned when min >= 0). */
  public int bits() {
    if (min >= 0) return Math.max(1, 64 - Long.numberOfLeadingZeros(max));
    long m = Math.max(-min - 1, max);
    return 65 - Long.numberOfLeadingZeros(m);
  }

  public boolean signed() { return min < 0; }
}
