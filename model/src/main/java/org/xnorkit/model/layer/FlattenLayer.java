package org.xnorkit.model.layer;

/** Reinterprets an H×W×C tensor as a 1×1×(H·W·C) vector in HWC order. Moves no data. */
public record FlattenLayer(String name) implements Layer {
  public static final String KIND = "flatten";

  public FlattenLayer { LayerChecks.name(name); }

  @Override public String kind() { return KIND; }
  @Override public <R> R accept(LayerVisitor<R> v) { return v.visitFlatten(this); }
}
