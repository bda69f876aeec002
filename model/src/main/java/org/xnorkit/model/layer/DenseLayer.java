package org.xnorkit.model.layer;

import org.xnorkit.model.ModelException;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Quantizer;

/**
 * Fully connected layer with binary weights, followed by its quantizer. A tensor input is
 * flattened in HWC order. weights: {@code outputs × inputs} bits (1 ↔ +1). With a levels input the
 * accumulator is the XNOR-popcount summed over the input's K thermometer planes; with int8 codes it
 * is Σ w·code (add/subtract). See docs/semantics.md.
 */
public record DenseLayer(String name, int inputs, int outputs, PackedBits weights, Quantizer quantizer) implements Layer {
  public static final String KIND = "dense";

  public DenseLayer {
    LayerChecks.name(name);
    LayerChecks.positive(name, "/inputs", "inputs", inputs);
    LayerChecks.positive(name, "/outputs", "outputs", outputs);
    LayerChecks.weights(name, weights, outputs, inputs, "outputs x inputs");
    if (quantizer == null) throw new ModelException("/quantizer", name, "is missing (every hidden layer has a quantizer)");
    if (quantizer.channels() != outputs)
      throw new ModelException("/quantizer/channels", name, "quantizer has " + quantizer.channels() + " channels, expected outputs = " + outputs);
  }

  @Override public String kind() { return KIND; }
  @Override public <R> R accept(LayerVisitor<R> v) { return v.visitDense(this); }
  @Override public boolean isCompute() { return true; }
}
