package org.xnorkit.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.LayerVisitor;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;

/**
 * Checks that a layer list chains from the input spec: shapes, domains, widths, pad values,
 * threshold ranges, the output layer last. Returns the tensor types between layers. Errors carry
 * the JSON path ({@code /layers/i/...}) and the layer name.
 */
public final class NetworkValidator {
  private NetworkValidator() {}

  public static List<TensorType> validate(InputSpec input, List<Layer> layers) {
    if (layers.isEmpty()) throw new ModelException("/layers", null, "a network needs at least one layer (the output layer)");
    List<TensorType> types = new ArrayList<>(layers.size() + 1);
    TensorType t = input.tensorType();
    types.add(t);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String at = "/layers/" + i;
      try {
        if (!names.add(layer.name())) throw new ModelException("/name", layer.name(), "duplicate layer name");
        boolean last = i == layers.size() - 1;
        if (last != (layer instanceof OutputLayer))
          throw new ModelException("/kind", layer.name(), last ? "the last layer must be of kind output, found " + layer.kind()
              : "an output layer must be the last layer (found at index " + i + " of " + layers.size() + ")");
        t = next(layer, t);
      } catch (ModelException e) {
        throw e.under(at);
      } catch (IllegalArgumentException e) {
        // A TensorType that cannot exist (e.g. more than 2^31 - 1 elements) is this layer's fault.
        throw new ModelException(at, layer.name(), "its output " + e.getMessage());
      }
      types.add(t);
    }
    return List.copyOf(types);
  }

  private static TensorType next(Layer layer, TensorType in) {
    return layer.accept(new LayerVisitor<TensorType>() {
      @Override public TensorType visitDense(DenseLayer d) {
        requireComputeInput(d.name(), in);
        if (d.inputs() != in.size())
          throw new ModelException("/inputs", d.name(), "inputs is " + d.inputs() + " but the incoming tensor " + in + " has " + in.size() + " elements");
        checkThresholds(d.name(), d.quantizer(), AccumulatorRange.binary(in, d.inputs()), "/quantizer");
        return TensorType.levels(1, 1, d.outputs(), d.quantizer().k());
      }
      @Override public TensorType visitConv(ConvLayer c) {
        requireComputeInput(c.name(), in);
        if (c.inChannels() != in.channels())
          throw new ModelException("/inChannels", c.name(), "inChannels is " + c.inChannels() + " but the incoming tensor " + in + " has " + in.channels() + " channels");
        int oh = c.outSize(in.height()), ow = c.outSize(in.width());
        if (in.height() + 2L * c.padding() < c.kernel() || in.width() + 2L * c.padding() < c.kernel() || oh < 1 || ow < 1)
          throw new ModelException("/kernel", c.name(), "kernel " + c.kernel() + " does not fit the " + in.height() + "x" + in.width() + " input with padding " + c.padding());
        checkPadValue(c.name(), c.padValue(), in);
        checkThresholds(c.name(), c.quantizer(), AccumulatorRange.binary(in, c.fanIn()), "/quantizer");
        return TensorType.levels(oh, ow, c.outChannels(), c.quantizer().k());
      }
      @Override public TensorType visitMaxPool(MaxPoolLayer p) {
        if (in.domain() != TensorType.Domain.LEVELS)
          throw new ModelException("/kind", p.name(), "max-pool needs a levels input, found " + in);
        if (p.kernel() > in.height() || p.kernel() > in.width())
          throw new ModelException("/kernel", p.name(), "kernel " + p.kernel() + " is larger than the " + in.height() + "x" + in.width() + " input");
        return TensorType.levels(p.outSize(in.height()), p.outSize(in.width()), in.channels(), in.k());
      }
      @Override public TensorType visitFlatten(FlattenLayer f) {
        if (in.domain() == TensorType.Domain.SCORES) throw new ModelException("/kind", f.name(), "cannot flatten scores");
        return in.flattened();
      }
      @Override public TensorType visitOutput(OutputLayer o) {
        requireComputeInput(o.name(), in);
        if (o.inputs() != in.size())
          throw new ModelException("/inputs", o.name(), "inputs is " + o.inputs() + " but the incoming tensor " + in + " has " + in.size() + " elements");
        AccumulatorRange acc;
        try {
          acc = AccumulatorRange.of(o, in);
        } catch (ArithmeticException e) {
          throw new ModelException("/intWeights", o.name(), "the accumulator range of these weights exceeds 64 bits");
        }
        for (int c = 0; c < o.classes(); c++) {
          AccumulatorRange s;
          try {
            s = acc.scaled(o.scale(c), o.offset(c));
          } catch (ArithmeticException e) {
            throw new ModelException("/scale/" + c, o.name(), "class " + c + ": score = scale*acc + offset = " + o.scale(c) + "*acc + " + o.offset(c)
                + " with acc in [" + acc.min() + ", " + acc.max() + "] exceeds 64 bits");
          }
          if (o.thresholds() != null) checkThreshold(o.name(), o.thresholds(), c, 0, s, "/thresholds");
        }
        return TensorType.scores(o.classes());
      }
    });
  }

  private static void requireComputeInput(String layer, TensorType in) {
    if (in.domain() == TensorType.Domain.SCORES) throw new ModelException("/kind", layer, "cannot read class scores");
  }

  /** padValue must be a value an element of {@code in} can take: ±1 for bits, 2ℓ−K for levels, a code for int8. */
  static void checkPadValue(String layer, int pad, TensorType in) {
    if (in.domain() == TensorType.Domain.INT8) {
      if (pad < -128 || pad > 127) throw new ModelException("/padValue", layer, "padValue " + pad + " is not an int8 code [-128, 127]");
    } else {
      int k = in.k();
      if (pad < -k || pad > k || ((pad + k) & 1) != 0)
        throw new ModelException("/padValue", layer, "padValue " + pad + " is not a value 2l-K of a level l in [0, " + k + "] for K = " + k
            + (k == 1 ? " (expected -1 or +1)" : ""));
    }
  }

  private static void checkThresholds(String layer, Quantizer q, AccumulatorRange r, String path) {
    for (int c = 0; c < q.channels(); c++)
      for (int j = 0; j < q.k(); j++) checkThreshold(layer, q, c, j, r, path);
  }

  /** Direction +1 thresholds lie in [min, max+1]; direction −1 in [min−1, max]: the ends mean always on / always off. */
  private static void checkThreshold(String layer, Quantizer q, int c, int j, AccumulatorRange r, String path) {
    long t = q.threshold(c, j);
    long lo = q.direction(c) > 0 ? r.min() : r.min() - 1;
    long hi = q.direction(c) > 0 ? r.max() + 1 : r.max();
    if (t < lo || t > hi)
      throw new ModelException(path + "/thresholds/" + (c * q.k() + j), layer, "channel " + c + " threshold " + j + " = " + t
          + " is outside [" + lo + ", " + hi + "] (accumulator range [" + r.min() + ", " + r.max() + "], direction " + (q.direction(c) > 0 ? "+1" : "-1") + ")");
  }
}
