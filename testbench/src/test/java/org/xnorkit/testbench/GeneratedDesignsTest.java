package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.testing.RandomNetworks;
import org.xnorkit.simulator.StallStream;

/**
 * Generated designs in Verilator against the reference engine: a fixed, seeded list of small
 * random networks sweeping what the generator supports (dense layers with K = 1..3 on bits or
 * int8 inputs, foldings from PE = SIMD = 1 to PE = MH and SIMD = MW, padded foldings, odd sizes,
 * PE spanning several systolic PE groups (1, G, G + 1, 3G),
 * the word edges 63/64/65, output layers with and without thresholds, both readouts, bus widths).
 * Each case is one Verilator build (the CI budget is about 24); each runs a steady run, a second
 * Verilator seed and three stall seeds, and must show 0 mismatches, steady-state cycles per image
 * equal to the analytical initiation interval, and a clean {@code verilator --lint-only -Wall}.
 * {@code XNORKIT_SLOW=1} adds a wider sweep. Fails (never skips) when Verilator is missing.
 */
class GeneratedDesignsTest {
  @TempDir Path tmp;

  /**
   * One design: input shape and encoding, the hidden layers as a spec (space-separated tokens:
   * {@code conv<k>s<stride>p<pad>x<outChannels>k<K>}, {@code pool<k>s<stride>}, {@code flat},
   * {@code fc<outputs>k<K>}), classes, and per compute layer its folding "pe/simd" (0/0: the
   * planner's automatic choice; with {@code target} > 0 every layer is folded for that many cycles
   * per image); bus widths (0: default). {@code random} > 0 instead draws the whole network from
   * {@code RandomNetworks} with that family (1 MLP, 2 CONV, 3 ANY).
   */
  record Case(String name, long seed, int h, int w, int c, boolean int8, String layers, int classes,
              String folds, int inBus, int outBus, long target, int random) {
    Case(String name, long seed, int h, int w, int c, boolean int8, String layers, int classes, String folds, int inBus, int outBus) {
      this(name, seed, h, w, c, int8, layers, classes, folds, inBus, outBus, 0, 0);
    }
    @Override public String toString() { return name; }
  }

  static Stream<Case> ci() {
    return Stream.of(
        // PE = SIMD = 1 everywhere: the slowest folding, every counter at its widest.
        new Case("fold-1x1", 11, 2, 3, 1, false, "flat fc5k1", 3, "1/1 1/1", 0, 0),
        // PE = MH and SIMD = MW: one cycle per vector in every layer.
        new Case("fold-full", 12, 3, 5, 1, false, "flat fc20k2 fc13k3", 5, "20/15 13/20 5/13", 0, 0),
        // Padded foldings: PE and SIMD that divide nothing.
        new Case("fold-padded", 13, 4, 4, 2, false, "flat fc11k1 fc7k2", 4, "4/6 3/5 3/4", 0, 0),
        // int8 first layer, K = 3 after it.
        new Case("int8-k3", 14, 3, 3, 3, true, "flat fc9k3", 4, "3/9 2/9", 0, 0),
        // Word edges: 63, 64 and 65 wide vectors.
        new Case("edges-63-64-65", 15, 1, 63, 1, false, "flat fc64k1 fc65k1", 10, "8/16 13/64 2/13", 0, 0),
        // Odd sizes, K = 2, automatic folding, a wide output bus and a wide input bus.
        new Case("odd-auto-buses", 16, 5, 7, 3, false, "flat fc17k2 fc9k2", 7, "0/0 0/0 0/0", 64, 128),
        // One hidden layer of K = 3 on int8, many classes (a multi-beat output record).
        new Case("int8-many-classes", 17, 2, 2, 5, true, "flat fc12k3", 37, "6/4 37/3", 0, 32),
        // A deeper MLP with mixed K.
        new Case("deep-mixed-k", 18, 4, 4, 1, false, "flat fc24k1 fc16k3 fc12k2 fc8k1", 6, "6/8 4/12 3/16 2/6 3/4", 0, 0),
        // Systolic PE groups of 16 (CostModel.PE_GROUP): PE = 3G with SF = 1 and NF = 2 running
        // every cycle (the slowest unit takes 2 cycles per image: passes back to back through the
        // de-skew), PE = G + 1 = MH (a last group of one PE), PE = G = MH (one group).
        new Case("pe-groups", 19, 4, 4, 1, false, "flat fc96k1 fc17k3 fc16k2", 2, "48/16 17/48 16/17 2/16", 0, 0),
        // Conv K = 1 with pad 1 (PE = MH, SIMD = Cin), a max-pool, dense.
        new Case("conv-pad-pool", 21, 6, 6, 1, false, "conv3s1p1x8k1 pool2s2 flat fc10k1", 4, "8/1 5/8 2/5", 0, 0),
        // int8 first conv with stride 2, a K = 3 conv with kernel 2, dense on the pixel stream.
        new Case("conv-int8-stride2", 22, 7, 7, 3, true, "conv3s2p1x6k2 conv2s1p0x5k3 fc7k1", 4, "3/3 5/6 7/20 2/7", 0, 0),
        // Kernel 1, a 3x3 stride-1 max-pool of K = 3 levels, a strided conv with pad 1 on it.
        new Case("conv-k1-pool3", 23, 5, 5, 2, false, "conv1s1p0x4k3 pool3s1 conv2s2p1x3k1 flat fc6k2", 5, "2/2 3/4 3/12 3/6", 0, 0),
        // Pad 2 on an int8 input (pad element = a code), the slowest conv folding.
        new Case("conv-int8-pad2", 24, 4, 5, 1, true, "conv3s1p2x4k2 fc5k1", 3, "1/1 5/56 1/5", 0, 0),
        // A max-pool first (the pixel serializer when a beat carries several pixels), odd sizes, automatic folding.
        new Case("pool-first-odd", 25, 7, 5, 3, false, "pool2s2 conv2s2p1x7k1 conv3s1p2x9k2 fc13k1", 6, "0/0 0/0 0/0 0/0", 64, 0));
  }

  static Stream<Case> slow() {
    List<Case> all = new ArrayList<>(ci().toList());
    for (int i = 0; i < 16; i++) {
      java.util.SplittableRandom r = new java.util.SplittableRandom(1000 + i);
      int layers = 1 + r.nextInt(3);
      StringBuilder spec = new StringBuilder("flat");
      for (int l = 0; l < layers; l++)
        spec.append(" fc").append(RandomNetworks.EDGE_WIDTHS[r.nextInt(RandomNetworks.EDGE_WIDTHS.length)] + (r.nextBoolean() ? 0 : r.nextInt(9)))
            .append('k').append(1 + r.nextInt(3));
      StringBuilder folds = new StringBuilder();
      for (int l = 0; l <= layers; l++) folds.append(l == 0 ? "" : " ").append(r.nextInt(3) == 0 ? "0/0" : (1 + r.nextInt(12)) + "/" + (1 + r.nextInt(70)));
      all.add(new Case("slow-mlp-" + i, 1000 + i, 1 + r.nextInt(8), 1 + r.nextInt(12), 1 + r.nextInt(3), r.nextInt(3) == 0,
          spec.toString(), 2 + r.nextInt(20), folds.toString(), 0, 0));
    }
    // Whole random networks (conv, max-pool, flatten anywhere), folded for a random target.
    for (int i = 0; i < 12; i++)
      all.add(new Case("slow-random-" + i, 2000 + i, 0, 0, 0, false, "", 0, "", 0, 0, 4L << (i % 8), 2 + i % 2));
    return all.stream();
  }

  static Stream<Case> cases() {
    return "1".equals(System.getenv("XNORKIT_SLOW")) ? slow() : ci();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void designMatchesTheReferenceEngine(Case c) throws Exception {
    Path dir = tmp.resolve(c.name());
    Network net;
    Manifest m;
    for (int draw = 0; ; draw++) {
      net = network(c, draw);
      try {
        m = new Generator(s -> {}).generate(net, Planner.resolve(net, plan(net, c), c.target(), "test " + c.name()), dir);
        break;
      } catch (ModelException e) {
        // A whole random network may have a shape the generator does not support yet: say so, draw the next.
        if (c.random() == 0 || !e.getMessage().contains("cannot generate") || draw >= 20) throw e;
        System.out.println(c + ": draw " + draw + " skipped: " + e.getMessage());
      }
    }

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

  /** The case's network: random weights, thresholds (ties included) and pad values from RandomNetworks. */
  static Network network(Case c) { return network(c, 0); }

  /** For a whole random case, {@code draw} picks the draw-th network with binary output weights (hwgen's only kind). */
  static Network network(Case c, int draw) {
    RandomNetworks rn = new RandomNetworks(c.seed());
    if (c.random() > 0) {
      RandomNetworks.Family f = RandomNetworks.Family.values()[c.random() - 1];
      RandomNetworks.Bounds b = RandomNetworks.Bounds.defaults().withFamily(f).withMaxMacs(60_000).withMaxChannels(17).withMaxSpatial(8);
      for (int attempt = 0, found = 0; ; attempt++) {
        Network n = rn.network(b);
        if (n.output().weights() instanceof OutputWeights.Binary && found++ == draw) return n;
        if (attempt > 100 * (draw + 1)) throw new IllegalStateException(c + ": too few networks with binary output weights");
      }
    }
    InputSpec in;
    if (c.int8()) {
      int[] t = new int[256];
      for (int p = 0; p < 256; p++) t[p] = Math.min(127, (512 * p + 255) / 510 - 128);
      in = new InputSpec(c.h(), c.w(), c.c(), InputSpec.Encoding.INT8, t);
    } else in = InputSpec.binarized(c.h(), c.w(), c.c(), 100 + (int) (c.seed() % 50));
    List<Layer> layers = new ArrayList<>();
    TensorType t = in.tensorType();
    Matcher m;
    for (String tok : c.layers().trim().split("\\s+")) {
      String name = (tok.startsWith("fc") ? "fc" : tok.startsWith("conv") ? "conv" : tok.startsWith("pool") ? "pool" : "flat") + layers.size();
      Layer layer;
      if ((m = Pattern.compile("conv(\\d+)s(\\d+)p(\\d+)x(\\d+)k(\\d+)").matcher(tok)).matches())
        layer = rn.conv(name, t, i(m, 1), i(m, 2), i(m, 3), i(m, 4), i(m, 5));
      else if ((m = Pattern.compile("pool(\\d+)s(\\d+)").matcher(tok)).matches())
        layer = new MaxPoolLayer(name, i(m, 1), i(m, 2));
      else if ((m = Pattern.compile("fc(\\d+)k(\\d+)").matcher(tok)).matches())
        layer = rn.dense(name, t, i(m, 1), i(m, 2));
      else if (tok.equals("flat")) layer = new FlattenLayer(name);
      else throw new IllegalArgumentException(c + ": bad layer token " + tok);
      layers.add(layer);
      t = next(t, layer);
    }
    OutputLayer out;
    do out = rn.output("out", t, c.classes()); while (!(out.weights() instanceof OutputWeights.Binary));
    layers.add(out);
    return new Network("case_" + c.name().replace('-', '_'), in, layers);
  }

  private static int i(Matcher m, int g) { return Integer.parseInt(m.group(g)); }

  /** The tensor a layer makes of {@code t} (docs/semantics.md). */
  static TensorType next(TensorType t, Layer layer) {
    if (layer instanceof ConvLayer cv)
      return TensorType.levels(cv.outSize(t.height()), cv.outSize(t.width()), cv.outChannels(), cv.quantizer().k());
    if (layer instanceof MaxPoolLayer p)
      return TensorType.levels((t.height() - p.kernel()) / p.stride() + 1, (t.width() - p.kernel()) / p.stride() + 1, t.channels(), t.k());
    if (layer instanceof DenseLayer d) return TensorType.levels(1, 1, d.outputs(), d.quantizer().k());
    return t.flattened();
  }

  static Plan plan(Network net, Case c) {
    if (c.random() > 0 || c.folds().isEmpty()) return new Plan(Map.of());
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
