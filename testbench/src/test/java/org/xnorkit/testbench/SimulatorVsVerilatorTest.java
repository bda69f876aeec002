package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.Folding;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.testing.RandomNetworks;
import org.xnorkit.simulator.StallStream;

/**
 * The Java cycle simulator against Verilator on generated designs: random dense networks (bit or
 * int8 inputs, K up to 3, thresholds and both readouts) with random foldings (padding, pe = 1,
 * simd past the fan-in), FIFO depths 1..4 and bus widths; each design under several stall seeds
 * and probabilities. Every s_axis and m_axis beat must fire at the same cycle in both, with the
 * same data, and the runs must end at the same cycle. Needs verilator (fails without it). Each
 * design is one Verilator build (cached by content); XNORKIT_SLOW=1 sweeps more designs.
 */
class SimulatorVsVerilatorTest {
  static final boolean SLOW = "1".equals(System.getenv("XNORKIT_SLOW"));

  @TempDir Path tmp;

  static Stream<Long> designs() {
    return SLOW ? LongStream.range(0, 16).boxed() : Stream.of(1L, 2L, 3L);
  }

  /** Design {@code seed}: bit inputs for odd seeds, int8 for even ones; K up to 3. */
  static Network network(long seed) {
    InputSpec.Encoding enc = seed % 2 == 0 ? InputSpec.Encoding.INT8 : InputSpec.Encoding.BITS;
    for (long s = seed; ; s += 1000) {
      Network net = new RandomNetworks(s).network(RandomNetworks.Bounds.defaults().withFamily(RandomNetworks.Family.MLP)
          .withMaxHidden(3).withMaxWidth(129).withEncoding(enc).withMaxMacs(60_000));
      if (net.output().weights() instanceof OutputWeights.Binary) return net;
    }
  }

  static ResolvedPlan plan(Network net, long seed) {
    SplittableRandom r = new SplittableRandom(seed * 7919);
    Map<String, Folding> folds = new TreeMap<>();
    Map<String, Integer> depths = new TreeMap<>();
    for (Layer l : net.layers()) {
      if (!l.isCompute()) continue;
      int outs = l instanceof OutputLayer o ? o.classes() : ((DenseLayer) l).outputs();
      int ins = l instanceof OutputLayer o ? o.inputs() : ((DenseLayer) l).inputs();
      folds.put(l.name(), new Folding(1 + r.nextInt(outs + 1), 1 + r.nextInt(Math.min(ins, 64) + 1)));
      depths.put(l.name(), 1 + r.nextInt(4));
    }
    depths.put("output", 1 + r.nextInt(4));
    int c = net.input().channels();
    return Planner.resolve(net, new Plan(folds, depths, 8 * c * (1 + r.nextInt(3)), 8 * (1 + r.nextInt(12))), 0, "test seed " + seed);
  }

  @ParameterizedTest(name = "design {0}")
  @MethodSource("designs")
  void everyBeatFiresAtVerilatorsCycle(long seed) throws Exception {
    Network net = network(seed);
    ResolvedPlan plan = plan(net, seed);
    SimVsVerilator.Design d = SimVsVerilator.build(net, plan, tmp.resolve("rtl"));
    List<byte[]> images = Arrays.asList(new RandomNetworks(seed + 100).images(net.input(), 10));
    int[][] stalls = {{0, 0}, {StallStream.units(0.3), 0}, {0, StallStream.units(0.5)},
        {StallStream.units(0.25), StallStream.units(0.6)}, {StallStream.units(0.8), StallStream.units(0.8)}};
    for (int i = 0; i < stalls.length; i++) {
      long stallSeed = seed * 100 + i;
      SimVsVerilator.Comparison c = SimVsVerilator.compare(d, images, stallSeed, stalls[i][0], stalls[i][1]);
      assertEquals(List.of(), c.differences(), net.name() + " with " + plan.source() + ", stall seed " + stallSeed
          + ", gap " + stalls[i][0] + ", back-pressure " + stalls[i][1]);
    }
  }
}
