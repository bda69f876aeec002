package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.StreamFormat;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.model.MismatchException;
import org.xnorkit.model.Network;
import org.xnorkit.model.testing.RandomNetworks;
import org.xnorkit.simulator.StallStream;

/**
 * Checks on generated designs beyond the sweep: Icarus (4-state) runs one with no X and the same
 * beats and cycles as Verilator; a corrupted weight memory is caught and the debug build names
 * the layer it belongs to.
 */
class GeneratedDesignChecksTest {
  @TempDir Path tmp;

  static final GeneratedDesignsTest.Case SMALL = GeneratedDesignsTest.ci().filter(c -> c.name().equals("fold-padded")).findFirst().orElseThrow();
  static final GeneratedDesignsTest.Case DEEP = GeneratedDesignsTest.ci().filter(c -> c.name().equals("deep-mixed-k")).findFirst().orElseThrow();

  static Manifest generate(GeneratedDesignsTest.Case c, Network net, Path dir) throws Exception {
    return new Generator(s -> {}).generate(net, Planner.resolve(net, GeneratedDesignsTest.plan(net, c), 0, "test"), dir);
  }

  @Test
  void icarusRunsASmallDesignWithoutXAndAgreesWithVerilatorCycleForCycle() throws Exception {
    Network net = GeneratedDesignsTest.network(SMALL);
    Path dir = tmp.resolve("small");
    Manifest m = generate(SMALL, net, dir);
    byte[][] images = new RandomNetworks(5).images(net.input(), 6);
    List<List<AxisBeat>> vectors = Verifier.pack(new StreamFormat(m), images);
    HarnessConfig config = Verifier.harnessConfig(m, List.of());
    RunOptions o = new RunOptions(9, StallStream.units(0.3), StallStream.units(0.3), 1, RunOptions.RESET_CYCLES,
        RunOptions.budget(m.cyclesPerImage(), m.latencyCycles(), images.length, StallStream.units(0.3), StallStream.units(0.3)),
        m.outputBeatsPerImage());
    IcarusRun.Result icarus = IcarusRun.run(DesignFiles.of(dir), config, vectors, o);
    assertTrue(icarus.clean(), "X in a 4-state run: " + icarus.xProblems());
    BeatLog verilator = new VerilatorBuild(TestPaths.verilatorCache()).build(DesignFiles.of(dir), config).simulator().run(dir, vectors, o).log();
    HarnessContractTest.assertLogsEqual(verilator, icarus.log(), "Icarus vs Verilator on " + SMALL);
    assertEquals(images.length * m.outputBeatsPerImage(), icarus.log().output().size());
  }

  @Test
  void aRunPastItsCycleBudgetFailsNamingTheImageItWaitedFor() throws Exception {
    GeneratedDesignsTest.Case c = GeneratedDesignsTest.ci().filter(x -> x.name().equals("fold-1x1")).findFirst().orElseThrow();
    Network net = GeneratedDesignsTest.network(c);
    Path dir = tmp.resolve("budget");
    Manifest m = generate(c, net, dir);
    // Claim 1 cycle per image and 1 cycle of latency: the budget then ends long before the
    // 30-cycle-per-image design is done, exactly as for a design that hangs.
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = (ObjectNode) json.readTree(dir.resolve(Manifest.FILE_NAME).toFile());
    doc.put("cyclesPerImage", 1).put("latencyCycles", 1);
    Files.writeString(dir.resolve(Manifest.FILE_NAME), json.writeValueAsString(doc));
    byte[][] images = new RandomNetworks(3).images(net.input(), 60);
    Verifier.Report r = new Verifier(new VerilatorBuild(TestPaths.verilatorCache()), s -> {})
        .verify(net, dir, images, new Verifier.Settings(List.of(), 0, 0, true));
    Verifier.Mismatch first = r.firstMismatch();
    assertNotNull(first);
    assertTrue(first.detail().startsWith("timeout") && first.actual() == null, first.describe());
    long budget = RunOptions.budget(1, 1, images.length, 0, 0);
    int expectedImage = (int) ((budget - m.latencyCycles()) / m.cyclesPerImage()) + 1;
    assertTrue(Math.abs(first.image() - expectedImage) <= 2, "hung on image " + first.image() + ", expected about " + expectedImage);
    assertTrue(first.describe().contains("hung on image " + first.image()), first.describe());
    assertEquals(images.length - first.image(), r.mismatches(), "every image from the one it hung on has no result");
  }

  @Test
  void aCorruptedDenseWeightIsCaughtAndTheDebugBuildNamesItsLayer() throws Exception {
    assertCorruptionNamesLayer(DEEP, "fc2");
  }

  @Test
  void aCorruptedConvWeightAfterAPoolIsNamedTooTheLayersBeforeItDecodeClean() throws Exception {
    // conv0 and pool1 must decode equal to the reference trace (conv and max-pool streams), conv2 must not.
    assertCorruptionNamesLayer(GeneratedDesignsTest.ci().filter(c -> c.name().equals("conv-k1-pool3")).findFirst().orElseThrow(), "conv2");
  }

  /** Inverts every weight of {@code layer} (all its PE memories) and checks that verify names {@code layer}. */
  private void assertCorruptionNamesLayer(GeneratedDesignsTest.Case c, String layer) throws Exception {
    Network net = GeneratedDesignsTest.network(c);
    Path dir = tmp.resolve(c.name());
    Manifest m = generate(c, net, dir);
    Manifest.Layer planned = m.layers().stream().filter(l -> l.name().equals(layer)).findFirst().orElseThrow();
    BigInteger lanes = BigInteger.ONE.shiftLeft(planned.simd()).subtract(BigInteger.ONE);
    // Memory files are read at run time, so this design shares the Verilator build of the intact one.
    for (int pe = 0; pe < planned.pe(); pe++) {
      Path hex = dir.resolve(layer + "_w_pe" + pe + ".hex");
      List<String> lines = Files.readAllLines(hex).stream().map(String::trim).filter(l -> !l.isEmpty()).map(l -> {
        String v = new BigInteger(l, 16).xor(lanes).toString(16);
        return "0".repeat(Math.max(0, l.length() - v.length())) + v;
      }).toList();
      Files.write(hex, lines);
    }

    byte[][] images = new RandomNetworks(c.seed() + 1).images(net.input(), 24);
    Verifier.Report r = new Verifier(new VerilatorBuild(TestPaths.verilatorCache()), s -> {})
        .verify(net, dir, images, Verifier.Settings.defaults(1));
    assertTrue(r.mismatches() > 0, "the flipped weight changes some result");
    Verifier.Mismatch first = r.firstMismatch();
    assertNotNull(first.layer(), first.describe());
    assertEquals(layer, first.layer().layer(), first.describe());
    MismatchException e = assertThrows(MismatchException.class, r::throwIfMismatch);
    assertTrue(e.getMessage().contains("image " + first.image()) && e.getMessage().contains(layer), e.getMessage());
  }
}
