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
    assertEquals(fc0.estimate().bram18(), fc0.measured().bram18(), "the cost model's block RAM count is exact");
    assertEquals(out.estimate().bram18(), out.measured().bram18(), "the cost model's block RAM count is exact");
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

  /**
   * BNN-PYNQ's LFC-W1A1 with its folding: every weight memory of at least 2 Kbit per PE is in block
   * RAM, as many RAMB18s as its shape needs (fc0: 32 PEs of 416 x 64 bits, 2 each; fc1: 64 of
   * 512 x 32, 1 each; fc2: 32 of 512 x 64, 2 each), and the 1-Kbit memories of the output layer
   * are not. About 40 minutes on 2 busy cores: only with XNORKIT_SLOW=1.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "XNORKIT_SLOW", matches = "1")
  void lfcBlockRamIsWhatItsWeightMemoriesNeed() throws Exception {
    Path model = org.xnorkit.model.io.ProjectRoot.require().resolve("models").resolve("lfc-w1a1-mnist.json");
    Network net = org.xnorkit.model.json.ModelJson.read(model);
    ResolvedPlan plan = Planner.resolve(net, org.xnorkit.model.json.PlanJson.read(org.xnorkit.model.json.PlanJson.siblingOf(model), net), 0, "test");
    Path design = tmp.resolve("lfc");
    new Generator(s -> {}).generate(net, plan, design);
    SynthReport r = new Yosys("yosys", System.err::println).run(design, SynthTarget.XILINX7, tmp.resolve("cache"));
    assertEquals(64, unit(r, "fc0").measured().bram18());
    assertEquals(64, unit(r, "fc1").measured().bram18());
    assertEquals(64, unit(r, "fc2").measured().bram18());
    assertEquals(0, unit(r, "out").measured().bram18());
    assertEquals(192, r.total().bram18());
    assertEquals(plan.total().bram18(), r.total().bram18(), "estimate");
    double lutError = Math.abs(r.total().luts() - plan.total().luts()) / (double) plan.total().luts();
    assertTrue(lutError <= 0.15, "LUT estimate " + plan.total().luts() + " vs " + r.total().luts());
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
