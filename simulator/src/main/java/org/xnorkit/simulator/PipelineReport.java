package org.xnorkit.simulator;

import java.util.List;

/**
 * The per-layer report of a run (see {@link LayerReport}) and the figures of the whole pipeline.
 *
 * @param layers         the units in stream order: input, the compute layers, output
 * @param bottleneck     the compute layer with the most busy cycles: the one that sets the pace
 * @param cycles         cycles of the run
 * @param images         images that went through
 * @param cyclesPerImage docs/timing.md's steady-state figure: the spacing of the images' last result
 *                       beats averaged over the second half of the run
 * @param latencyCycles  cycles from the first input beat of image 0 to its last result beat (an
 *                       empty pipeline)
 */
public record PipelineReport(List<LayerReport> layers, String bottleneck, long cycles, int images,
                             double cyclesPerImage, long latencyCycles) {
  public PipelineReport {
    layers = List.copyOf(layers);
  }

  public LayerReport layer(String name) {
    for (LayerReport l : layers) if (l.name().equals(name)) return l;
    throw new IllegalArgumentException("no layer " + name + " in the report");
  }

  /**
   * docs/timing.md's steady-state cycles per image from the cycles of the images' last beats:
   * {@code (last[n−1] − last[h]) / (n − 1 − h)}, h = ⌊n/2⌋; with fewer than three images the
   * mean spacing over all of them, and with one image its cycles.
   */
  public static double steadyCyclesPerImage(long[] lastCycles, int n, long runCycles) {
    if (n <= 0) return 0;
    if (n == 1) return runCycles;
    int h = n / 2;
    if (n - 1 - h <= 0) return (lastCycles[n - 1] - lastCycles[0]) / (double) (n - 1);
    return (lastCycles[n - 1] - lastCycles[h]) / (double) (n - 1 - h);
  }
}
