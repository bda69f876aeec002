package org.xnorkit.hwgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.hwgen.synth.SynthReport;
import org.xnorkit.hwgen.synth.SynthTarget;
import org.xnorkit.hwgen.synth.Yosys;
import org.xnorkit.model.ExternalToolException;
import org.xnorkit.model.Folding;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;

/** A small dense design through Yosys synth_xilinx: the weights reach Yosys and land in block RAM or LUTRAM as their size says. */
class SynthTest {
  @TempDir Path tmp;

  private static SynthReport.Unit unit(SynthReport r, String name) {
    return r.units().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no unit " + name + " in " + r.units()));
  }

  @Test
  void smallDenseDesignMapsWeightsToBlockRamAndCaches() throws Exception {
    // fc0: 256 -> 64 on 2 PEs x 16 lanes: each PE memory 512 words x 16 bits = 8 Kbit -> one RAMB18 (1K x 18 mode).
    // out: 64 -> 10 on 2 PEs x 8 lanes: 40 words x 8 bits = 320 bits per PE -> LUTRAM or flip-flops, no block RAM.
    Network net = DenseNets.random(5, 8, 8, 4, false, new int[] {64}, new int[] {1}, 10, false);
    ResolvedPlan plan = Planner.resolve(net, new Plan(Map.of("fc0", new Folding(2, 16), "out", new Folding(2, 8))), 0, "test");
    Path design = tmp.resolve("design");
    new Generator(s -> {}).generate(net, plan, design);
    Path cache = tmp.resolve("cache");
    SynthReport r = new Yosys("yosys", s -> {}).run(design, SynthTarget.XILINX7, cache);
    assertFalse(r.cached());
    SynthReport.Unit fc0 = unit(r, "fc0"), out = unit(r, "out");
    assertEquals(2, fc0.measured().bram18(), "fc0: one RAMB18 per PE weight memory: " + fc0);
    assertEquals(0, out.measured().bram18(), "out: 320-bit memories stay out of block RAM: " + out);
    assertEquals(2, r.total().bram18());
    assertEquals(2L * 512 * 16, fc0.weightBits());
    for (SynthReport.Unit u : new SynthReport.Unit[] {fc0, out, unit(r, "input"), unit(r, "output")}) {
      assertTrue(u.measured().luts() > 0, u.toString());
      assertTrue(u.measured().ffs() > 0, u.toString());
    }
    assertTrue(out.measured().lutram() + out.measured().ffs() > 0);
    assertNotNull(fc0.estimate());
    assertTrue(fc0.logicLevels() > 0 && fc0.logicLevels() < 100, fc0.toString());
    // The total is the sum of the units (every module counted as often as it is instantiated).
    assertEquals(r.total().luts(), r.units().stream().mapToLong(u -> u.measured().luts()).sum());
    assertEquals(r.total().ffs(), r.units().stream().mapToLong(u -> u.measured().ffs()).sum());

    SynthReport again = new Yosys("yosys", s -> {}).run(design, SynthTarget.XILINX7, cache);
    assertTrue(again.cached());
    assertEquals(r.total(), again.total());
    assertEquals(r.units(), again.units());
  }

  @Test
  void withoutTheMemoryDefineTheWeightsWouldVanish() throws Exception {
    // Guards the reason for -DENABLE_INITIAL_MEM_: the script must carry every define of the manifest.
    Network net = DenseNets.random(6, 4, 4, 1, false, new int[] {8}, new int[] {1}, 4, false);
    ResolvedPlan plan = Planner.resolve(net, new Plan(Map.of()), 0, "test");
    Path design = tmp.resolve("d");
    Manifest m = new Generator(s -> {}).generate(net, plan, design);
    assertTrue(m.defines().contains(Generator.MEMORY_INIT_DEFINE));
    assertTrue(Files.readString(design.resolve(m.files().stream().filter(f -> f.startsWith("weights_")).findFirst().orElseThrow()))
        .contains("ifdef " + Generator.MEMORY_INIT_DEFINE));
  }

  @Test
  void missingYosysIsAnExternalToolError() throws Exception {
    Network net = DenseNets.random(7, 4, 4, 1, false, new int[] {8}, new int[] {1}, 4, false);
    Path design = tmp.resolve("d");
    new Generator(s -> {}).generate(net, Planner.resolve(net, new Plan(Map.of()), 0, "test"), design);
    ExternalToolException e = assertThrows(ExternalToolException.class,
        () -> new Yosys(tmp.resolve("no-such-yosys").toString(), s -> {}).run(design, SynthTarget.XILINX7, tmp.resolve("c")));
    assertTrue(e.getMessage().contains("no-such-yosys"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("c")) && Files.list(tmp.resolve("c")).findAny().isPresent(), "nothing half-written in the cache");
  }
}
