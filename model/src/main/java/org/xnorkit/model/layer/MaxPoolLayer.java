package org.xnorkit.model.layer;

import org.xnorkit.model.ModelException;

/**
 * Max-pooling of levels over kernel×kernel windows with a stride, no padding; the output size is
 * {@code (in − kernel) / stride + 1}. On bits it is OR; on K-level thermometer codes it is the max
 * level, i.e. OR per plane.
 */
public record MaxPoolLayer(String name, int kernel, int stride) implements Layer {
  public static final String KIND = "maxpool";

  public MaxPoolLayer {
    LayerChecks.name(name);
    LayerChecks.positive(name, "/kernel", "kernel", kernel);
    LayerChecks.positive(name, "/stride", "stride", stride);
  }

  public int outSize(int in) { return (in - kernel) / stride + 1; }

  @Override public String kind() { return KIND; }
  @Override public <R> R accept(LayerVisitor<R> v) { return v.visitMaxPool(this); }
}
