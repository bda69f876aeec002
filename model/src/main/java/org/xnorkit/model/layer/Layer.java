package org.xnorkit.model.layer;

/**
 * One layer of a network. Sealed: a switch over the kinds fails to compile when a new kind is
 * added, so the compiler lists every place (reference engine, validator, JSON, hwgen, simulator)
 * that must learn it. The records share this package because a sealed hierarchy in an unnamed
 * module must; each kind's behaviour lives in a package named after it in every module
 * ({@code org.xnorkit.<module>.layer.<kind>}).
 */
public sealed interface Layer permits DenseLayer, ConvLayer, MaxPoolLayer, FlattenLayer, OutputLayer {
  /** Unique name within the network, used in plans, errors and reports. */
  String name();

  /** The JSON {@code "kind"} string: dense, conv2d, maxpool, flatten, output. */
  String kind();

  /** Exhaustive dispatch on the kind. */
  <R> R accept(LayerVisitor<R> visitor);

  /** True for layers with weights that a hardware plan folds onto PE × SIMD lanes. */
  default boolean isCompute() { return false; }
}
