package org.xnorkit.model.layer;

/**
 * Exhaustive dispatch over the layer kinds (Java 17 has no pattern switch). Adding a kind adds a
 * method here, and the compiler then lists every visitor that must handle it.
 */
public interface LayerVisitor<R> {
  R visitDense(DenseLayer layer);
  R visitConv(ConvLayer layer);
  R visitMaxPool(MaxPoolLayer layer);
  R visitFlatten(FlattenLayer layer);
  R visitOutput(OutputLayer layer);
}
