package org.xnorkit.hwgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.Folding;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;

/** Generates random dense networks with various foldings and checks the RTL (Icarus) against the naive evaluator. */
class GeneratorTest {
  @TempDir Path tmp;

  @org.junit.jupiter.api.Test
  void twoRunsGiveByteIdenticalFolders() throws Exception {
    Network net = DenseNets.random(11, 5, 5, 2, false, new int[] {24, 12}, new int[] {2, 1}, 4, true);
    ResolvedPlan plan = Planner.resolve(net, new Plan(Map.of("fc0", new Folding(5, 7))), 0, "test");
    Path a = tmp.resolve("a"), b = tmp.resolve("b");
    new Generator(s -> {}).generate(net, plan, a);
    new Generator(s -> {}).generate(net, plan, b);
    List<String> names;
    try (var s = Files.list(a)) { names = s.map(p -> p.getFileName().toString()).sorted().toList(); }
    try (var s = Files.list(b)) { assertEquals(names, s.map(p -> p.getFileName().toString()).sorted().toList()); }
    for (String n : names) assertArrayEquals(Files.readAllBytes(a.resolve(n)), Files.readAllBytes(b.resolve(n)), n);
    Manifest m = Manifest.read(a);
    assertEquals(m, Manifest.parse(m.toJson(), "again"));
    assertTrue(m.files().get(m.files().size() - 1).equals("Accelerator.sv"));
  }

  @org.junit.jupiter.api.Test
  void plannerLatencyIsTheGeneratedUnitsLatency() {
    // PE = 1, G, G + 1, 3G (G = 16 PEs per systolic group): the planner's estimate and the unit's
    // own latency (what the simulator models) add the same groups − 1 cycles.
    Network net = DenseNets.random(7, 4, 4, 1, false, new int[] {48, 17}, new int[] {1, 2}, 16, true);
    for (int[] pe : new int[][] {{1, 1, 1}, {16, 17, 16}, {48, 17, 16}, {17, 16, 1}}) {
      ResolvedPlan plan = Planner.resolve(net, new Plan(Map.of("fc0", new Folding(pe[0], 8), "fc1", new Folding(pe[1], 16),
          "out", new Folding(pe[2], 17))), 0, "test");
      org.xnorkit.hwgen.rtl.UnitParams[] units = Generator.parameters(net, plan).units();
      for (int i = 0; i < 3; i++) {
        org.xnorkit.hwgen.rtl.MvtuParams p = ((org.xnorkit.hwgen.rtl.MvtuUnit) units[i]).p();
        assertEquals((p.pe() + 15) / 16, p.groups(), p.name());
        assertEquals(p.treeLatency() + 3 + p.groups() - 1, p.latency(), p.name());
        assertEquals(p.latency(), plan.layers().get(i + 1).estimate().latencyCycles(), p.name() + " with pe " + p.pe());
      }
    }
  }

  @ParameterizedTest(name = "seed {0}: {1}x{2}x{3} int8={4} pe/simd {5} k={6} thresholds={7} stall={8}")
  @CsvSource({
      "1, 4, 4, 2, false, 4/8 3/5 2/3, 1 1, false, 0",
      "2, 3, 5, 1, false, 5/4 7/20 16/8, 2 3, true, 30",
      "3, 2, 3, 3, true, 3/6 1/1 4/16, 1 2, false, 20",
      "4, 6, 6, 1, false, 36/36 20/20 5/20, 1 1, true, 0",
      "5, 1, 9, 7, false, 2/64 8/2 1/1, 3 1, false, 50",
  })
  void denseNetworksMatchTheNaiveEvaluator(long seed, int h, int w, int c, boolean int8, String folds, String ks, boolean thr, int stall) throws Exception {
    String[] f = folds.split(" ");
    int[] k = Arrays.stream(ks.split(" ")).mapToInt(Integer::parseInt).toArray();
    int[] widths = {20, 13};
    Network net = DenseNets.random(seed, h, w, c, int8, widths, k, 5, thr);
    Map<String, Folding> fm = new java.util.TreeMap<>();
    String[] names = {"fc0", "fc1", "out"};
    for (int i = 0; i < 3; i++) {
      String[] ps = f[i].split("/");
      fm.put(names[i], new Folding(Integer.parseInt(ps[0]), Integer.parseInt(ps[1])));
    }
    ResolvedPlan plan = Planner.resolve(net, new Plan(fm, Map.of(), 0, 32), 0, "test");
    Path dir = tmp.resolve("rtl");
    Manifest m = new Generator(s -> {}).generate(net, plan, dir);
    byte[][] imgs = DenseNets.images(seed, net, 8);
    List<IcarusRun.OutBeat> beats = IcarusRun.run(dir, m, Arrays.asList(imgs), stall, (int) seed);
    StreamFormat fmt = new StreamFormat(m);
    org.xnorkit.model.engine.ReferenceEngine engine = new org.xnorkit.model.engine.ReferenceEngine(net);
    assertEquals(imgs.length * m.outputBeatsPerImage(), beats.size());
    for (int i = 0; i < imgs.length; i++) {
      List<byte[]> mine = new ArrayList<>();
      for (int b = 0; b < m.outputBeatsPerImage(); b++) {
        IcarusRun.OutBeat ob = beats.get(i * m.outputBeatsPerImage() + b);
        assertEquals(b == m.outputBeatsPerImage() - 1, ob.last(), "tlast of image " + i + " beat " + b);
        mine.add(ob.data());
      }
      org.xnorkit.model.engine.Inference got = fmt.decodeOutput(mine);
      Naive.Result want = Naive.infer(net, imgs[i]);
      assertArrayEquals(want.scores(), got.scores(), "scores of image " + i);
      assertArrayEquals(want.classBits(), got.classBits(), "class bits of image " + i);
      assertEquals(want.predicted(), got.predicted(), "class of image " + i);
      org.xnorkit.model.engine.Inference ref = engine.infer(imgs[i]);
      assertArrayEquals(ref.scores(), got.scores(), "scores vs reference engine, image " + i);
      assertEquals(ref.predicted(), got.predicted(), "class vs reference engine, image " + i);
    }
    assertTrue(Files.exists(dir.resolve("manifest.json")));
    if (stall == 0) {
      // steady state: the spacing of the images' last result beats over the second half is the analytical II
      int n = imgs.length, half = n / 2, per = m.outputBeatsPerImage();
      long first = beats.get((half + 1) * per - 1).cycle(), last = beats.get(n * per - 1).cycle();
      assertEquals(m.cyclesPerImage() * (n - 1 - half), last - first, "cycles per image over the second half (analytical " + m.cyclesPerImage() + ")");
    }
  }
}
