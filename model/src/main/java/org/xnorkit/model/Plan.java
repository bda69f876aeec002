package org.xnorkit.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A hardware plan ({@code "format": "xnorkit-plan/1"}): per compute layer its {@link Folding},
 * optional FIFO depths keyed by the name of the layer that consumes the stream ("output" for
 * the top-level output), and optional top-level bus widths (0 = the generator's default).
 * Nothing derived is stored: padding, cycles and estimates come from the planner.
 */
public record Plan(Map<String, Folding> foldings, Map<String, Integer> fifoDepths, int inputBusBits, int outputBusBits) {
  public static final String FORMAT = "xnorkit-plan/1";

  public Plan {
    foldings = java.util.Collections.unmodifiableMap(new TreeMap<>(foldings == null ? Map.of() : foldings));
    fifoDepths = java.util.Collections.unmodifiableMap(new TreeMap<>(fifoDepths == null ? Map.of() : fifoDepths));
    for (var e : foldings.entrySet())
      if (e.getValue() == null) throw new ModelException("/foldings/" + e.getKey(), e.getKey(), "folding is missing");
    for (var e : fifoDepths.entrySet())
      if (e.getValue() == null || e.getValue() < 1)
        throw new ModelException("/fifoDepths/" + e.getKey(), null, "FIFO depth " + e.getValue() + " must be >= 1");
    if (inputBusBits < 0 || inputBusBits % 8 != 0) throw new ModelException("/inputBusBits", null, "inputBusBits (" + inputBusBits + ") must be a positive multiple of 8 (or 0 for the default)");
    if (outputBusBits < 0 || outputBusBits % 8 != 0) throw new ModelException("/outputBusBits", null, "outputBusBits (" + outputBusBits + ") must be a positive multiple of 8 (or 0 for the default)");
  }

  public Plan(Map<String, Folding> foldings) { this(foldings, Map.of(), 0, 0); }

  public Folding folding(String layer) { return foldings.get(layer); }

  /** Checks that every key names a compute layer of {@code net}. Does not require every layer to be present. */
  public void validateAgainst(Network net) {
    for (String name : foldings.keySet()) {
      int i = net.indexOf(name);
      if (i < 0) throw new ModelException("/foldings/" + name, name, "the plan folds a layer the model does not have");
      if (!net.layers().get(i).isCompute())
        throw new ModelException("/foldings/" + name, name, "layer of kind " + net.layers().get(i).kind() + " has no weights to fold");
    }
    for (String name : fifoDepths.keySet())
      if (!name.equals("output") && net.indexOf(name) < 0)
        throw new ModelException("/fifoDepths/" + name, name, "the plan sizes the input FIFO of a layer the model does not have");
  }
}
