package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.Folding;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.testing.RandomNetworks;
import org.xnorkit.simulator.StallStream;

/**
 * Generated designs in Verilator against the reference engine: a fixed, seeded list of small
 * random networks sweeping what the generator supports (dense layers with K = 1..3 on bits or
 * int8 inputs, foldings from PE = SIMD = 1 to PE = MH and SIMD = MW, padded foldings, odd sizes,
 * the word edges 63/64/65, output layers with and without thresholds, both readouts, bus widths).
 * Each case is one Verilator build (the CI budget is about 24); each runs a steady run, a second
 * Verilator seed and three stall seeds, and must show 0 mismatches, steady-state cycles per image
 * equal to the analytical initiation interval, and a clean {@code verilator --lint-only -Wall}.
 * {@code XNORKIT_SLOW=1} adds a wider sweep. Fails (never skips) when Verilator is missing.
 */
class GeneratedDesignsTest {
  @TempDir Path tmp;

  /**
   * One design: input shape and encoding, hidden widths with their K, classes, and per compute
   * layer its folding "pe/simd" (0/0: the planner's automatic choice); bus widths (0: default).
   */
  record Case(String name, long seed, int h, int w, int c, boolean int8, int[] hidden, int[] ks, int classes,
              String folds, int inBus, int outBus) {
    @Override public String toString() { return name; }
  }

  static Stream<Case> ci() {
    return Stream.of(
        // PE = SIMD = 1 everywhere: the slowest folding, every counter at its widest.
        new Case("fold-1x1", 11, 2, 3, 1, false, new int[] {5}, new int[] {1}, 3, "1/1 1/1", 0, 0),
        // PE = MH and SIMD = MW: one cycle per vector in every layer.
        new Case("fold-full", 12, 3, 5, 1, false, new int[] {20, 13}, new int[] {2, 3}, 5, "20/15 13/20 5/13", 0, 0),
        // Padded foldings: PE and SIMD that divide nothing.
        new Case("fold-padded", 13, 4, 4, 2, false, new int[] {11, 7}, new int[] {1, 2}, 4, "4/6 3/5 3/4", 0, 0),
        // int8 first layer, K = 3 after it.
        new Case("int8-k3", 14, 3, 3, 3, true, new int[] {9}, new int[] {3}, 4, "3/9 2/9", 0, 0),
        // Word edges: 63, 64 and 65 wide vectors.
        new Case("edges-63-64-65", 15, 1, 63, 1, false, new int[] {64, 65}, new int[] {1, 1}, 10, "8/16 13/64 2/13", 0, 0),
        // Odd sizes, K = 2, automatic folding, a wide output bus and a wide input bus.
        new Case("odd-auto-buses", 16, 5, 7, 3, false, new int[] {17, 9}, new int[] {2, 2}, 7, "0/0 0/0 0/0", 64, 128),
        // One hidden layer of K = 3 on int8, many classes (a multi-beat output record).
        new Case("int8-many-classes", 17, 2, 2, 5, true, new int[] {12}, new int[] {3}, 37, "6/4 37/3", 0, 32),
        // A deeper MLP with mixed K.
        new Case("deep-mixed-k", 18, 4, 4, 1, false, new int[] {24, 16, 12, 8}, new int[] {1, 3, 2, 1}, 6, "6/8 4/12 3/16 2/6 3/4", 0, 0));
  }

  static Stream<Case> slow() {
    List<Case> all = new ArrayList<>(ci().toList());
    for (int i = 0; i < 16; i++) {
      java.util.SplittableRandom r = new java.util.SplittableRandom(1000 + i);
      int layers = 1 + r.nextInt(3);
      int[] hidden = new int[layers], ks = new int[layers];
      for (int l = 0; l < layers; l++) {
        hidden[l] = RandomNetworks.EDGE_WIDTHS[r.nextInt(RandomNetworks.EDGE_WIDTHS.length)] + (r.nextBoolean() ? 0 : r.nextInt(9));
        ks[l] = 1 + r.nextInt(3);
      }
      StringBuilder folds = new StringBuilder();
      for (int l = 0; l <= layers; l++) folds.append(l == 0 ? "" : " ").append(r.nextInt(3) == 0 ? "0/0" : (1 + r.nextInt(12)) + "/" + (1 + r.nextInt(70)));
      all.add(new Case("slow-" + i, 1000 + i, 1 + r.nextInt(8), 1 + r.nextInt(12), 1 + r.nextInt(3), r.nextInt(3) == 0,
          hidden, ks, 2 + r.nextInt(20), folds.toString(), 0, 0));
    }
    return all.stream();
  }

  static Stream<Case> cases() {
    return "1".equals(System.getenv("XNORKIT_SLOW")) ? slow() : ci();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void designMatchesTheReferenceEngine(Case c) throws Exception {
    Network net = network(c);
    ResolvedPlan plan = Planner.resolve(net, plan(net, c), 0, "test " + c.name());
    Path dir = tmp.resolve(c.name());
    Manifest m = new Generator(s -> {}).generate(net, plan, dir);

    VerilatorLint.Result lint = VerilatorLint.check(DesignFiles.of(dir), m.top());
    assertTrue(lint.clean(), c + ": verilator --lint-only -Wall: " + lint.findings());

    byte[][] images = new RandomNetworks(c.seed() + 1).images(net.input(), 24);
    Verifier v = new Verifier(new VerilatorBuild(TestPaths.verilatorCache()), s -> {});
    Verifier.Report r = v.verify(net, dir, images,
        new Verifier.Settings(List.of(c.seed(), c.seed() + 1, c.seed() + 2), StallStream.units(0.3), StallStream.units(0.4), true));
    assertEquals(0, r.mismatches(), c + ": " + (r.firstMismatch() == null ? "" : r.firstMismatch().describe()));
    assertEquals((double) m.cyclesPerImage(), r.verilatorCyclesPerImage(),
        c + ": steady-state Verilator cycles per image vs the analytical initiation interval");
    System.out.printf("%s: %d images x 5 runs, 0 mismatches, %.1f cycles/image (analytical %d), build %.1f s%s, runs %.2f s%n",
        c, r.images(), r.verilatorCyclesPerImage(), r.analyticalCyclesPerImage(), r.buildSeconds(), r.buildCached() ? " (cached)" : "", r.runSeconds());
  }

  /** The case's network: random weights and thresholds (ties included) from RandomNetworks. */
  static Network network(Case c) {
    RandomNetworks rn = new RandomNetworks(c.seed());
    InputSpec in;
    if (c.int8()) {
      int[] t = new int[256];
      for (int p = 0; p < 256; p++) t[p] = Math.min(127, (512 * p + 255) / 510 - 128);
      in = new InputSpec(c.h(), c.w(), c.c(), InputSpec.Encoding.INT8, t);
    } else in = InputSpec.binarized(c.h(), c.w(), c.c(), 100 + (int) (c.seed() % 50));
    List<Layer> layers = new ArrayList<>();
    TensorType t = in.tensorType();
    if (c.h() * c.w() > 1) {
      layers.add(new FlattenLayer("flat"));
      t = t.flattened();
    }
    for (int i = 0; i < c.hidden().length; i++) {
      DenseLayer d = rn.dense("fc" + i, t, c.hidden()[i], c.ks()[i]);
      layers.add(d);
      t = TensorType.levels(1, 1, d.outputs(), c.ks()[i]);
    }
    OutputLayer out;
    do out = rn.output("out", t, c.classes()); while (!(out.weights() instanceof OutputWeights.Binary));
    layers.add(out);
    return new Network("case_" + c.name().replace('-', '_'), in, layers);
  }

  static Plan plan(Network net, Case c) {
    String[] f = c.folds().split(" ");
    Map<String, Folding> folds = new TreeMap<>();
    int i = 0;
    for (Layer l : net.layers()) {
      if (!l.isCompute()) continue;
      String[] ps = f[i++].split("/");
      int pe = Integer.parseInt(ps[0]), simd = Integer.parseInt(ps[1]);
      if (pe > 0) folds.put(l.name(), new Folding(pe, simd));
    }
    return new Plan(folds, Map.of(), c.inBus(), c.outBus());
  }
}
