package org.xnorkit.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;

/**
 * A whole binarized network: its input spec and layers, in order. Immutable and always valid:
 * the constructor runs {@link NetworkValidator}, which throws a {@link ModelException} naming the
 * JSON path and layer of the first problem. {@code metadata} holds free-form provenance strings
 * (source, license, training command...); it is part of the content hash.
 */
public record Network(String name, InputSpec input, List<Layer> layers, Map<String, String> metadata) {
  public static final String FORMAT = "xnorkit-model/1";

  public Network {
    if (name == null || name.isBlank()) throw new ModelException("/name", null, "network name is missing");
    if (input == null) throw new ModelException("/input", null, "is missing");
    if (layers == null) throw new ModelException("/layers", null, "is missing");
    layers = List.copyOf(layers);
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    NetworkValidator.validate(input, layers);
  }

  public Network(String name, InputSpec input, List<Layer> layers) { this(name, input, layers, Map.of()); }

  /** Types of the tensors between layers: index 0 is the input, index i+1 the output of layer i. */
  public List<TensorType> tensorTypes() { return NetworkValidator.validate(input, layers); }

  /** Type of the tensor entering layer {@code i}. */
  public TensorType inputType(int i) { return tensorTypes().get(i); }

  /** The last layer. */
  public OutputLayer output() { return (OutputLayer) layers.get(layers.size() - 1); }

  public int classes() { return output().classes(); }

  /** Index of the layer named {@code name}, or -1. */
  public int indexOf(String layerName) {
    for (int i = 0; i < layers.size(); i++) if (layers.get(i).name().equals(layerName)) return i;
    return -1;
  }

  /** The same network with other metadata. */
  public Network withMetadata(Map<String, String> md) { return new Network(name, input, layers, md); }
}
