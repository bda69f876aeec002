package org.xnorkit.hwgen.synth;

import java.util.List;
import org.xnorkit.hwgen.plan.LayerEstimate;

/**
 * The figures of one Yosys run over a generated design.
 *
 * @param design      the design folder
 * @param target      the synthesis target
 * @param key         cache key: SHA-256 over the target, the Yosys script and every design file
 * @param yosys       the Yosys version line
 * @param seconds     wall-clock seconds of the Yosys run (0 when the result came from the cache)
 * @param cached      true when the result came from the cache
 * @param units       per unit of the accelerator, in stream order
 * @param total       the whole design: every module's cells times its instance count
 * @param estimate    the analytical estimate of the whole design (the manifest's)
 * @param modules     per module of the design: its own cells (without submodules) and its instance count
 * @param outputs     the folder of Yosys' outputs (netlist.json; for ice40 also flat.json)
 */
public record SynthReport(String design, SynthTarget target, String key, String yosys, double seconds, boolean cached,
                          List<Unit> units, Resources total, LayerEstimate estimate, List<Module> modules,
                          java.nio.file.Path outputs) {
  public SynthReport {
    units = List.copyOf(units);
    modules = List.copyOf(modules);
  }

  /**
   * One unit (a direct child module of the top, or the top's own glue logic), with every submodule
   * below it (weight memories, queues).
   *
   * @param name        the layer name for an MVTU ({@code Mvtu_<layer>}), else {@code input}, {@code output}, {@code fifos}, {@code top}
   * @param module      the Yosys module (for {@code fifos}: the FIFO modules joined by '+')
   * @param instances   instances of the module in the top
   * @param measured    the resources of all instances, submodules included
   * @param estimate    the cost model's estimate for the layer, or null where it has none
   * @param logicLevels the most combinational cells (LUTs, wide muxes, carry cells) on one path
   *                    between registers, memories or ports, within one module of the unit
   * @param weightBits  bits of the unit's weight memory files (the $readmemh words × width)
   */
  public record Unit(String name, String module, int instances, Resources measured, LayerEstimate estimate, int logicLevels,
                     long weightBits) {}

  /** A Yosys module: its own leaf cells and how many instances the whole design has. */
  public record Module(String name, long instances, Resources own) {}
}
