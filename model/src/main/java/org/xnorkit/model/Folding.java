package org.xnorkit.model;

/** How one compute layer's matrix is folded onto hardware: PE output lanes × SIMD input lanes. */
public record Folding(int pe, int simd) {
  public Folding {
    if (pe < 1) throw new ModelException("/pe", null, "pe (" + pe + ") must be >= 1: a layer needs at least one processing element");
    if (simd < 1) throw new ModelException("/simd", null, "simd (" + simd + ") must be >= 1: a layer needs at least one input lane");
  }
}
