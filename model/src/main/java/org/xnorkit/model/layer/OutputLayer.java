package org.xnorkit.model.layer;

import java.util.Arrays;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Quantizer;

/**
 * The last layer: integer class scores {@code score_c = scale_c · acc_c + offset_c}, where acc is
 * the layer's accumulator (XNOR-popcount for binary weights on levels, Σ w·v for integer weights on
 * signed values, Σ w·code on int8 codes). Optional per-class {@code thresholds} (K = 1) turn scores
 * into class bits; {@code readout} picks the class. A tensor input is flattened in HWC order.
 * Arrays are copied in and out.
 */
public record OutputLayer(String name, int inputs, int classes, OutputWeights weights,
                          int[] scale, int[] offset, Quantizer thresholds, Readout readout) implements Layer {
  public static final String KIND = "output";

  public OutputLayer {
    LayerChecks.name(name);
    LayerChecks.positive(name, "/inputs", "inputs", inputs);
    LayerChecks.positive(name, "/classes", "classes", classes);
    if (weights == null) throw new ModelException("/weights", name, "is missing");
    if (weights.rows() != classes || weights.cols() != inputs)
      throw new ModelException("/weights", name, "weights are " + weights.rows() + "x" + weights.cols() + ", expected classes x inputs = " + classes + "x" + inputs);
    if (scale == null) { scale = new int[classes]; Arrays.fill(scale, 1); } else scale = scale.clone();
    if (offset == null) offset = new int[classes]; else offset = offset.clone();
    if (scale.length != classes) throw new ModelException("/scale", name, "has " + scale.length + " entries, expected classes = " + classes);
    if (offset.length != classes) throw new ModelException("/offset", name, "has " + offset.length + " entries, expected classes = " + classes);
    if (readout == null) throw new ModelException("/readout", name, "is missing (expected \"argmax\" or \"highestSetBit\")");
    if (thresholds != null) {
      if (thresholds.channels() != classes) throw new ModelException("/thresholds/channels", name, "has " + thresholds.channels() + " channels, expected classes = " + classes);
      if (thresholds.k() != 1) throw new ModelException("/thresholds/k", name, "output thresholds must have k = 1, found " + thresholds.k());
    }
    if (readout == Readout.HIGHEST_SET_BIT && thresholds == null)
      throw new ModelException("/readout", name, "readout highestSetBit needs per-class thresholds");
  }

  @Override public int[] scale() { return scale.clone(); }
  @Override public int[] offset() { return offset.clone(); }
  public int scale(int c) { return scale[c]; }
  public int offset(int c) { return offset[c]; }

  /** True when scale is all 1 and offset all 0, so scores are the raw accumulators. */
  public boolean isIdentityScale() {
    for (int c = 0; c < classes; c++) if (scale[c] != 1 || offset[c] != 0) return false;
    return true;
  }

  @Override public String kind() { return KIND; }
  @Override public <R> R accept(LayerVisitor<R> v) { return v.visitOutput(this); }
  @Override public boolean isCompute() { return true; }

  @Override public boolean equals(Object o) {
    return o instanceof OutputLayer l && l.name.equals(name) && l.inputs == inputs && l.classes == classes
        && l.weights.equals(weights) && Arrays.equals(l.scale, scale) && Arrays.equals(l.offset, offset)
        && java.util.Objects.equals(l.thresholds, thresholds) && l.readout == readout;
  }
  @Override public int hashCode() { return name.hashCode() * 31 + weights.hashCode(); }
  @Override public String toString() { return "OutputLayer[" + name + ", " + inputs + "->" + classes + ", " + readout.json() + "]"; }
}
