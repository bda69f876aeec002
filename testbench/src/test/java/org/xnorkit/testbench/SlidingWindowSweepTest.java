package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.hwgen.rtl.ConvUnit;
import org.xnorkit.hwgen.rtl.PoolUnit;
import org.xnorkit.hwgen.rtl.SwuParams;
import org.xnorkit.hwgen.rtl.UnitParams;
import org.xnorkit.model.Network;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.simulator.StallStream;

/**
 * The sliding-window unit's line buffer over its parameters, in generated designs run by
 * Verilator: against the reference engine (0 mismatches, steady-state cycles per image equal to
 * the analytical initiation interval, with and without stalls) and against the cycle simulator
 * (every beat at the same cycle). Each design chains several window layers, so a few Verilator
 * builds cover kernels 1–4, strides 1–3, pads 0–2 with pad values ±1 (and int8 and K = 2 pad
 * codes), K = 1..3 and int8 elements, one and several beats per pixel (a narrow upstream PE),
 * odd sizes, H smaller than k, and the balanced cases where an SWU writes and reads at the same
 * rate as the design's bottleneck (1×1 stride 1, 2×2 stride-2 max-pool, 3×3 pad 1 with nine beats
 * per pixel). {@code XNORKIT_SLOW=1} adds seeded random shapes.
 */
class SlidingWindowSweepTest {
  static final boolean SLOW = "1".equals(System.getenv("XNORKIT_SLOW"));

  @TempDir Path tmp;

  /**
   * A design in {@link GeneratedDesignsTest.Case}'s layer syntax; {@code balanced}: the analytical
   * initiation interval must be an SWU's own cycles per image with writes = reads (that SWU is a
   * bottleneck with no slack on either side).
   */
  record Sweep(GeneratedDesignsTest.Case c, boolean balanced) {
    @Override public String toString() { return c.name(); }
  }

  static Sweep sweep(String name, long seed, int h, int w, int ch, boolean int8, String layers, int classes, String folds, int inBus,
                     boolean balanced) {
    return new Sweep(new GeneratedDesignsTest.Case(name, seed, h, w, ch, int8, layers, classes, folds, inBus, 0), balanced);
  }

  static Stream<Sweep> ci() {
    return Stream.of(
        // One pixel per input beat (64 beats) into a 1×1 stride-1 conv (64 writes, 64 reads), its MVTU
        // (64) and a 2×2 stride-2 max-pool (64 writes, 64 reads): four units at the same rate.
        sweep("swu-balanced-1x1-pool", 31, 8, 8, 1, false, "conv1s1p0x2k2 pool2s2 conv2s2p0x3k1 flat fc6k1", 3,
            "2/1 3/2 6/12 3/6", 8, true),
        // PE 1 upstream: nine beats per pixel into a 3×3 pad-1 conv (324 writes, 324 reads), then a
        // 3×3 stride-3 max-pool and a 2×2 pad-1 conv on a 2×2 image, K = 3 pads ±1.
        sweep("swu-9-beats-pad1", 32, 6, 6, 2, false, "conv1s1p0x9k1 conv3s1p1x5k3 pool3s3 conv2s1p1x4k3 flat fc5k1", 4,
            "1/2 5/9 4/5 5/16 4/5", 16, true),
        // int8 input with pad 2 (a code), stride 2; a 2×2 stride-3 pad-1 conv on two beats per pixel;
        // a 4×4 pad-2 conv on a 2×2 image (H < k) with three beats per pixel; odd sizes, the serializer.
        sweep("swu-int8-strides", 33, 7, 5, 3, true, "conv3s2p2x4k1 conv2s3p1x3k3 conv4s1p2x2k2 flat fc7k1", 4,
            "2/3 1/4 0/0 0/0 0/0", 0, false),
        // H = 2 < k = 3 with pad 1, a stride-2 pad-2 conv, a 2×2 stride-1 max-pool of K = 1, a 1×1
        // stride-3 conv that skips rows and columns; odd W.
        sweep("swu-small-h", 34, 2, 9, 2, false, "conv3s1p1x3k3 conv3s2p2x4k1 pool2s1 conv1s3p0x5k2 flat fc6k1", 3,
            "1/2 0/0 0/0 0/0 0/0", 0, false));
  }

  /** Seeded random chains of two or three window layers (any kernel, stride, pad, K, int8 first, narrow PEs). */
  static Stream<Sweep> slow() {
    List<Sweep> all = new ArrayList<>(ci().toList());
    for (int i = 0; i < 12; i++) {
      SplittableRandom r = new SplittableRandom(5000 + i);
      boolean int8 = r.nextInt(3) == 0;
      int h = 1 + r.nextInt(9), w = 1 + r.nextInt(9), ch = 1 + r.nextInt(4);
      int th = h, tw = w, tk = int8 ? 0 : 1;
      StringBuilder spec = new StringBuilder(), folds = new StringBuilder();
      int windows = 2 + r.nextInt(2);
      for (int l = 0; l < windows; l++) {
        boolean pool = tk > 0 && r.nextInt(3) == 0;
        int k = 1 + r.nextInt(4), s = 1 + r.nextInt(3), pad = pool ? 0 : r.nextInt(Math.min(k, 3));
        if (pool) k = Math.max(2, k);
        if (th + 2 * pad < k || tw + 2 * pad < k) k = Math.min(th, tw) + 2 * pad; // the largest kernel that fits
        if (pool && k < 2) continue;
        if (pool) spec.append(" pool").append(k).append('s').append(s);
        else {
          int out = 1 + r.nextInt(9), kq = 1 + r.nextInt(3);
          spec.append(" conv").append(k).append('s').append(s).append('p').append(pad).append('x').append(out).append('k').append(kq);
          folds.append(' ').append(r.nextInt(3) == 0 ? "0/0" : (1 + r.nextInt(out)) + "/" + (1 + r.nextInt(k * k * 4)));
          tk = kq;
        }
        th = (th + 2 * pad - k) / s + 1;
        tw = (tw + 2 * pad - k) / s + 1;
      }
      if (!spec.toString().contains("conv")) continue;
      spec.append(" flat fc").append(1 + r.nextInt(12)).append("k1");
      folds.append(" 0/0 0/0");
      all.add(sweep("swu-slow-" + i, 5000 + i, h, w, ch, int8, spec.toString().trim(), 2 + r.nextInt(5), folds.toString().trim(),
          0, false));
    }
    return all.stream();
  }

  static Stream<Sweep> cases() { return SLOW ? slow() : ci(); }

  /**
   * The case's network with the pad values of its padded convs set to −1, +1, −1, … where the
   * input allows it (bits, odd K); int8 and even-K inputs keep RandomNetworks' pad value.
   */
  static Network network(Sweep s) {
    Network net = GeneratedDesignsTest.network(s.c());
    List<Layer> layers = new ArrayList<>();
    List<TensorType> types = net.tensorTypes();
    int flip = 0;
    for (int i = 0; i < net.layers().size(); i++) {
      Layer l = net.layers().get(i);
      TensorType in = types.get(i);
      if (l instanceof ConvLayer c && c.padding() > 0 && in.domain() != TensorType.Domain.INT8 && in.k() % 2 == 1)
        l = new ConvLayer(c.name(), c.kernel(), c.stride(), c.padding(), flip++ % 2 == 0 ? -1 : 1, c.inChannels(), c.outChannels(),
            c.weights(), c.quantizer());
      layers.add(l);
    }
    return new Network(net.name(), net.input(), layers);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void windowsMatchTheEngineAndTheSimulator(Sweep s) throws Exception {
    Network net = network(s);
    ResolvedPlan plan = Planner.resolve(net, GeneratedDesignsTest.plan(net, s.c()), 0, "test " + s);
    List<String> swus = new ArrayList<>();
    boolean balancedBottleneck = false;
    for (UnitParams u : Generator.parameters(net, plan).units()) {
      SwuParams p = u instanceof ConvUnit cu ? cu.swu() : u instanceof PoolUnit pu ? pu.p() : null;
      if (p == null) continue;
      long writes = (long) p.pixels() * p.beatsPerPixel(), reads = (long) p.outH() * p.outW() * p.kernel() * p.kernel();
      swus.add(String.format("%s %dx%dx%d k%d s%d p%d pad 0x%x, %d beats/pixel, %d rows, %d writes/%d reads", p.name(), p.height(), p.width(),
          p.channels(), p.kernel(), p.stride(), p.padding(), p.padElem(), p.beatsPerPixel(), p.rows(), writes, reads));
      balancedBottleneck |= writes == reads && p.cyclesPerImage() == plan.cyclesPerImage();
    }
    if (s.balanced()) assertTrue(balancedBottleneck, s + ": no balanced SWU sets the initiation interval " + plan.cyclesPerImage() + ": " + swus);

    Path dir = tmp.resolve(s.c().name());
    SimVsVerilator.Design d = SimVsVerilator.build(net, plan, dir);
    VerilatorLint.Result lint = VerilatorLint.check(DesignFiles.of(dir), d.manifest().top());
    assertTrue(lint.clean(), s + ": verilator --lint-only -Wall: " + lint.findings());

    long seed = s.c().seed();
    byte[][] images = new org.xnorkit.model.testing.RandomNetworks(seed + 1).images(net.input(), 16);
    Verifier v = new Verifier(new VerilatorBuild(TestPaths.verilatorCache()), x -> {});
    Verifier.Report r = v.verify(net, dir, images, new Verifier.Settings(List.of(seed, seed + 1), StallStream.units(0.3), StallStream.units(0.4), true));
    assertEquals(0, r.mismatches(), s + ": " + (r.firstMismatch() == null ? "" : r.firstMismatch().describe()));
    assertEquals((double) d.manifest().cyclesPerImage(), r.verilatorCyclesPerImage(),
        s + ": steady-state Verilator cycles per image vs the analytical initiation interval");

    int[][] stalls = {{0, 0}, {StallStream.units(0.3), StallStream.units(0.5)}, {StallStream.units(0.7), StallStream.units(0.2)}};
    for (int i = 0; i < stalls.length; i++) {
      SimVsVerilator.Comparison c = SimVsVerilator.compare(d, Arrays.asList(images), seed * 10 + i, stalls[i][0], stalls[i][1]);
      assertEquals(List.of(), c.differences(), s + " stall seed " + (seed * 10 + i) + ", gap " + stalls[i][0] + ", back-pressure " + stalls[i][1]);
    }
    System.out.printf("%s: %d images, 0 mismatches, %.1f cycles/image (analytical %d), simulator = Verilator in %d runs; %s%n",
        s, r.images(), r.verilatorCyclesPerImage(), r.analyticalCyclesPerImage(), stalls.length, String.join("; ", swus));
  }
}
