package org.xnorkit.hwgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
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

/**
 * A small dense design through Yosys synth_xilinx, generated and synthesized once for the class
 * (about 20 s of Yosys): the weights reach synthesis and land in block RAM or logic as their size
 * says, the estimate's block RAM count is exact and its LUTs and flip-flops are close.
 */
class SynthTest {
  @TempDir static Path tmp;
  static Network net;
  static Path design;
  static Manifest manifest;
  static SynthReport report;

  /**
   * fc0: 128 -> 32 on 2 PEs x 8 lanes: each PE memory 256 words x 8 bits = 2 Kbit -> one RAMB18 (2K x 9).
   * out: 32 -> 4 on 2 PEs x 8 lanes: 8 words x 8 bits per PE -> logic, no block RAM.
   */
  @BeforeAll
  static void synthesizeOnce() throws Exception {
    net = DenseNets.random(5, 8, 8, 2, false, new int[] {32}, new int[] {1}, 4, false);
    ResolvedPlan plan = Planner.resolve(net, new Plan(Map.of("fc0", new Folding(2, 8), "out", new Folding(2, 8))), 0, "test");
    design = tmp.resolve("design");
    manifest = new Generator(s -> {}).generate(net, plan, design);
    report = new Yosys("yosys", s -> {}).run(design, SynthTarget.XILINX7, tmp.resolve("cache"));
  }

  private static SynthReport.Unit unit(SynthReport r, String name) {
    return r.units().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no unit " + name + " in " + r.units()));
  }

  @Test
  void weightsLandInBlockRamOrLogicAsTheirSizeSays() {
    assertFalse(report.cached());
    SynthReport.Unit fc0 = unit(report, "fc0"), out = unit(report, "out");
    assertEquals(2, fc0.measured().bram18(), "fc0: one RAMB18 per PE weight memory: " + fc0);
    assertEquals(0, out.measured().bram18(), "out: 64-bit memories stay out of block RAM: " + out);
    assertEquals(2, report.total().bram18());
    assertEquals(2L * 256 * 8, fc0.weightBits());
    for (SynthReport.Unit u : new SynthReport.Unit[] {fc0, out, unit(report, "input"), unit(report, "output")}) {
      assertTrue(u.measured().luts() > 0, u.toString());
      assertTrue(u.measured().ffs() > 0, u.toString());
    }
    assertTrue(fc0.logicLevels() > 0 && fc0.logicLevels() < 100, fc0.toString());
    // The total is the sum of the units (every module counted as often as it is instantiated).
    assertEquals(report.total().luts(), report.units().stream().mapToLong(u -> u.measured().luts()).sum());
    assertEquals(report.total().ffs(), report.units().stream().mapToLong(u -> u.measured().ffs()).sum());
  }

  /**
   * The block RAMs hold the weights: the set bits of their INIT/INITP parameters in the netlist are
   * exactly the set bits of fc0's weight memory files (a design whose weights were lost, e.g. without
   * -DENABLE_INITIAL_MEM_, would have empty or no block RAMs).
   */
  @Test
  void theBlockRamsHoldExactlyTheWeights() throws Exception {
    JsonNode netlist = new ObjectMapper().readTree(report.outputs().resolve("netlist.json").toFile());
    long initBits = 0;
    int rams = 0;
    for (Iterator<Map.Entry<String, JsonNode>> mods = netlist.path("modules").fields(); mods.hasNext(); ) {
      Map.Entry<String, JsonNode> m = mods.next();
      if (!m.getKey().matches(".*_fc0_w_pe\\d+_\\d+x\\d+")) continue; // fc0's PE memories
      for (JsonNode cell : m.getValue().path("cells")) {
        if (!cell.path("type").asText().startsWith("RAMB")) continue;
        rams++;
        for (Iterator<Map.Entry<String, JsonNode>> ps = cell.path("parameters").fields(); ps.hasNext(); ) {
          Map.Entry<String, JsonNode> p = ps.next();
          if (p.getKey().startsWith("INIT_") || p.getKey().startsWith("INITP_")) // undefined bits (x) of unused words are not weights
            initBits += p.getValue().asText().chars().filter(ch -> ch == '1').count();
        }
      }
    }
    long weightBits = 0;
    for (String f : manifest.memoryFiles())
      if (f.startsWith("fc0_"))
        for (String line : Files.readAllLines(design.resolve(f))) if (!line.isBlank()) weightBits += new BigInteger(line.trim(), 16).bitCount();
    assertEquals(2, rams, "one block RAM per fc0 PE");
    assertTrue(weightBits > 1000, "random weights: about half of 4096 bits set, got " + weightBits);
    assertEquals(weightBits, initBits, "set bits in the block RAMs' INIT parameters vs the weight files");
  }

  /** The estimate of every unit against this run: block RAM exact, LUTs and flip-flops within 20 % per MVTU and 15 % in total. */
  @Test
  void theEstimateMatchesTheSynthesis() {
    for (String layer : new String[] {"fc0", "out"}) {
      SynthReport.Unit u = unit(report, layer);
      assertNotNull(u.estimate(), layer);
      assertEquals(u.estimate().bram18(), u.measured().bram18(), layer + ": the cost model's block RAM count is exact");
      assertTrue(Math.abs(u.measured().luts() - u.estimate().luts()) <= 0.20 * u.estimate().luts(), layer + " LUTs: " + u);
      assertTrue(Math.abs(u.measured().ffs() - u.estimate().ffs()) <= 0.20 * u.estimate().ffs(), layer + " FFs: " + u);
    }
    for (SynthReport.Unit u : report.units()) // the top's own cells are I/O buffers
      if (!u.name().equals("top")) assertNotNull(u.estimate(), "every unit has an estimate: " + u.name());
    assertEquals(report.estimate().bram18(), report.total().bram18());
    assertTrue(Math.abs(report.total().luts() - report.estimate().luts()) <= 0.15 * report.estimate().luts(), report.total() + " vs " + report.estimate());
    assertTrue(Math.abs(report.total().ffs() - report.estimate().ffs()) <= 0.15 * report.estimate().ffs(), report.total() + " vs " + report.estimate());
  }

  @Test
  void aSecondRunOfTheSameDesignComesFromTheCache() throws Exception {
    SynthReport again = new Yosys("yosys", s -> {}).run(design, SynthTarget.XILINX7, tmp.resolve("cache"));
    assertTrue(again.cached());
    assertEquals(report.total(), again.total());
    assertEquals(report.units(), again.units());
  }

  @Test
  void theScriptCarriesTheMemoryDefine() throws Exception {
    // Guards the reason for -DENABLE_INITIAL_MEM_: the script must carry every define of the manifest.
    assertTrue(manifest.defines().contains(Generator.MEMORY_INIT_DEFINE));
    assertTrue(Files.readString(design.resolve(manifest.files().stream().filter(f -> f.contains("_fc0_w_pe0_")).findFirst().orElseThrow()))
        .contains("ifdef " + Generator.MEMORY_INIT_DEFINE));
    assertTrue(Files.readString(report.outputs().resolve("run.ys")).contains("-D" + Generator.MEMORY_INIT_DEFINE));
  }

  @Test
  void missingYosysIsAnExternalToolError() {
    Path cache = tmp.resolve("c");
    ExternalToolException e = assertThrows(ExternalToolException.class,
        () -> new Yosys(tmp.resolve("no-such-yosys").toString(), s -> {}).run(design, SynthTarget.XILINX7, cache));
    assertTrue(e.getMessage().contains("no-such-yosys"), e.getMessage());
    assertFalse(Files.exists(cache) && cache.toFile().list().length > 0, "nothing half-written in the cache");
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
    Network lfc = org.xnorkit.model.json.ModelJson.read(model);
    ResolvedPlan plan = Planner.resolve(lfc, org.xnorkit.model.json.PlanJson.read(org.xnorkit.model.json.PlanJson.siblingOf(model), lfc), 0, "test");
    Path dir = tmp.resolve("lfc");
    new Generator(s -> {}).generate(lfc, plan, dir);
    SynthReport r = new Yosys("yosys", System.err::println).run(dir, SynthTarget.XILINX7, tmp.resolve("cache"));
    assertEquals(64, unit(r, "fc0").measured().bram18());
    assertEquals(64, unit(r, "fc1").measured().bram18());
    assertEquals(64, unit(r, "fc2").measured().bram18());
    assertEquals(0, unit(r, "out").measured().bram18());
    assertEquals(192, r.total().bram18());
    assertEquals(plan.total().bram18(), r.total().bram18(), "estimate");
    double lutError = Math.abs(r.total().luts() - plan.total().luts()) / (double) plan.total().luts();
    assertTrue(lutError <= 0.15, "LUT estimate " + plan.total().luts() + " vs " + r.total().luts());
  }
}
