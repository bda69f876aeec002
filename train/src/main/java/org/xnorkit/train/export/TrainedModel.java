package org.xnorkit.train.export;

import java.util.List;
import org.xnorkit.train.arch.Architecture;

/** A trained network as plain floats: the architecture, its compute layers in order, and the batch-norm eps. */
public record TrainedModel(Architecture architecture, List<TrainedLayer> layers, double bnEps) {
  public TrainedModel { layers = List.copyOf(layers); }

  public TrainedLayer layer(String name) {
    for (TrainedLayer l : layers) if (l.name().equals(name)) return l;
    throw new IllegalArgumentException("no trained layer named " + name);
  }
}
