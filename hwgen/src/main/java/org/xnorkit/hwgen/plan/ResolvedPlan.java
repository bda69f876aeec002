package org.xnorkit.hwgen.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xnorkit.model.Folding;
import org.xnorkit.model.Plan;

/**
 * A plan with everything derived filled in: per layer the folding, padding, FIFO depth and
 * estimate; the bus widths and the analytical throughput of the whole pipeline.
 *
 * @param source             where the foldings came from ("plan file X", "--fold", "automatic ...")
 * @param pixelsPerBeat      whole pixels per input beat (docs/timing.md, "Input packing")
 * @param inputBeatsPerImage input beats per image
 * @param outputFifoDepth    depth of the FIFO in front of the output unit
 * @param cyclesPerImage     analytical initiation interval: the maximum over the units
 * @param latencyCycles      estimated latency of one image from its first input beat to its last output beat
 * @param total              sum of the unit estimates (cycles: the maximum)
 * @param warnings           things the user should know (more PEs than outputs, ...)
 * @param units              the estimate of every unit of the design (input unit, MVTUs, FIFOs, ...), in stream order
 */
public record ResolvedPlan(String source, List<LayerPlan> layers, int inputBusBits, int outputBusBits,
                           int pixelsPerBeat, long inputBeatsPerImage, int outputBeatsPerImage, int outputFifoDepth,
                           long cyclesPerImage, long latencyCycles, LayerEstimate total, List<String> warnings,
                           List<UnitEstimate> units) {
  public ResolvedPlan {
    layers = List.copyOf(layers);
    warnings = List.copyOf(warnings);
    units = List.copyOf(units);
  }

  public LayerPlan layer(String name) {
    for (LayerPlan l : layers) if (l.name().equals(name)) return l;
    throw new IllegalArgumentException("no layer " + name);
  }

  /** The plan file that reproduces this plan exactly (foldings, FIFO depths, bus widths). */
  public Plan toPlan() {
    Map<String, Folding> f = new TreeMap<>();
    Map<String, Integer> d = new TreeMap<>();
    for (LayerPlan l : layers) {
      if (l.isCompute()) f.put(l.name(), new Folding(l.pe(), l.simd()));
      if (l.fifoDepth() > 0) d.put(l.name(), l.fifoDepth());
    }
    d.put("output", outputFifoDepth);
    return new Plan(f, d, inputBusBits, outputBusBits);
  }
}
