package org.xnorkit.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.Folding;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.testing.RandomNetworks;

/**
 * The simulator's results against the reference engine, with no Verilator: random dense networks
 * (K, int8 or bit inputs, thresholds, both readouts) × random foldings (padding included), FIFO
 * depths and bus widths × stall seeds. Every image's decoded result must equal the engine's, and
 * every unit's cycles must add up.
 */
class CycleSimulatorTest {
  static final boolean SLOW = "1".equals(System.getenv("XNORKIT_SLOW"));

  /** A random network hwgen can generate today: dense layers, binary output weights. */
  static Network denseNetwork(long seed) {
    for (long s = seed; ; s += 1000) {
      Network net = new RandomNetworks(s).network(RandomNetworks.Bounds.defaults().withFamily(RandomNetworks.Family.MLP).withMaxHidden(3).withMaxWidth(129));
      OutputLayer o = net.output();
      if (o.weights() instanceof OutputWeights.Binary) return net;
    }
  }

  /**
   * A random network with conv / max-pool layers that hwgen generates today (binary output weights,
   * no conv or pool after a flatten of a spatial tensor), with its random plan.
   */
  static Object[] convDesign(long seed) {
    for (long s = seed; ; s += 1000) {
      Network net = new RandomNetworks(s).network(RandomNetworks.Bounds.defaults().withFamily(RandomNetworks.Family.CONV)
          .withMaxHidden(4).withMaxSpatial(8).withMaxChannels(40).withMaxWidth(70).withMaxMacs(200_000));
      if (!(net.output().weights() instanceof OutputWeights.Binary)) continue;
      try {
        ResolvedPlan plan = randomPlan(net, new SplittableRandom(s));
        org.xnorkit.hwgen.Generator.parameters(net, plan);
        return new Object[] {net, plan};
      } catch (org.xnorkit.model.ModelException | IllegalStateException e) {
        // a network hwgen cannot generate yet: try the next seed
      }
    }
  }

  /** Random foldings (pe up to outputs + 2, simd up to a row + 2), FIFO depths 1..4, bus widths. */
  static ResolvedPlan randomPlan(Network net, SplittableRandom r) {
    Map<String, Folding> folds = new TreeMap<>();
    Map<String, Integer> depths = new TreeMap<>();
    for (Layer l : net.layers()) {
      if (!l.isCompute()) {
        if (l instanceof org.xnorkit.model.layer.MaxPoolLayer) depths.put(l.name(), 1 + r.nextInt(4));
        continue;
      }
      int outs, ins;
      if (l instanceof OutputLayer o) { outs = o.classes(); ins = o.inputs(); }
      else if (l instanceof org.xnorkit.model.layer.ConvLayer c) { outs = c.outChannels(); ins = c.inChannels(); }
      else { outs = ((org.xnorkit.model.layer.DenseLayer) l).outputs(); ins = ((org.xnorkit.model.layer.DenseLayer) l).inputs(); }
      folds.put(l.name(), new Folding(1 + r.nextInt(outs + 2), 1 + r.nextInt(Math.min(ins, 70) + 2)));
      depths.put(l.name(), 1 + r.nextInt(4));
    }
    depths.put("output", 1 + r.nextInt(4));
    int c = net.input().channels();
    int inBits = 8 * c * (1 + r.nextInt(4));
    int outBits = 8 * (1 + r.nextInt(16));
    return Planner.resolve(net, new Plan(folds, depths, inBits, outBits), 0, "test");
  }

  @Test
  void resultsEqualTheReferenceEngineUnderStalls() {
    int designs = SLOW ? 200 : 40;
    for (int d = 0; d < designs; d++) {
      SplittableRandom r = new SplittableRandom(d);
      Network net = denseNetwork(d);
      ResolvedPlan plan = randomPlan(net, r);
      CycleSimulator sim = new CycleSimulator(net, plan);
      byte[][] imgs = new RandomNetworks(d + 77).images(net.input(), 3 + r.nextInt(6));
      Inference[] want;
      try (ReferenceEngine e = new ReferenceEngine(net, 1)) { want = e.inferBatch(imgs); }
      int[][] stalls = {{0, 0}, {StallStream.units(0.3), StallStream.units(0.5)}, {StallStream.units(0.7), StallStream.units(0.2)}};
      for (int[] st : stalls) {
        SimRun run = sim.run(Arrays.asList(imgs), SimOptions.steady().withStalls(d * 31L + st[0], st[0], st[1]), null);
        String what = "design " + d + " (" + net.name() + ", " + plan.source() + ") gap " + st[0] + " bp " + st[1];
        assertEquals(SimRun.Status.DONE, run.status(), what);
        for (int i = 0; i < imgs.length; i++) {
          Inference got = sim.decode(run, i);
          assertArrayEquals(want[i].scores(), got.scores(), what + ": scores of image " + i);
          assertArrayEquals(want[i].classBits(), got.classBits(), what + ": class bits of image " + i);
          assertEquals(want[i].predicted(), got.predicted(), what + ": class of image " + i);
        }
        for (LayerReport l : run.report().layers())
          assertEquals(run.cycles(), l.busy() + l.starved() + l.blocked(), what + ": cycles of " + l.name());
      }
    }
  }

  @Test
  void convNetworksEqualTheReferenceEngineUnderStalls() {
    int designs = SLOW ? 100 : 25;
    for (int d = 0; d < designs; d++) {
      Object[] design = convDesign(d);
      Network net = (Network) design[0];
      ResolvedPlan plan = (ResolvedPlan) design[1];
      CycleSimulator sim = new CycleSimulator(net, plan);
      byte[][] imgs = new RandomNetworks(d + 55).images(net.input(), 3);
      Inference[] want;
      try (ReferenceEngine e = new ReferenceEngine(net, 1)) { want = e.inferBatch(imgs); }
      for (int[] st : new int[][] {{0, 0}, {StallStream.units(0.4), StallStream.units(0.4)}}) {
        SimRun run = sim.run(Arrays.asList(imgs), SimOptions.steady().withStalls(d, st[0], st[1]), null);
        String what = "conv design " + d + " (" + net.name() + ", " + net.layers().stream().map(Layer::kind).toList() + ", " + plan.source() + ") gap " + st[0];
        assertEquals(SimRun.Status.DONE, run.status(), what + " " + run.stuckState());
        for (int i = 0; i < imgs.length; i++) {
          Inference got = sim.decode(run, i);
          assertArrayEquals(want[i].scores(), got.scores(), what + ": scores of image " + i);
          assertEquals(want[i].predicted(), got.predicted(), what + ": class of image " + i);
        }
        for (LayerReport l : run.report().layers())
          assertEquals(run.cycles(), l.busy() + l.starved() + l.blocked(), what + ": cycles of " + l.name());
      }
    }
  }

  /**
   * Skipping the stretches where every stage repeats a cycle is exact: the same beats at the same
   * cycles, the same end, the same report, as evaluating every cycle — dense and conv designs,
   * with and without stalls, FIFO depths down to 1.
   */
  @Test
  void skippingCyclesChangesNothing() {
    int designs = SLOW ? 200 : 40;
    for (int d = 0; d < designs; d++) {
      Network net;
      ResolvedPlan plan;
      if (d % 2 == 0) {
        net = denseNetwork(300 + d);
        plan = randomPlan(net, new SplittableRandom(300 + d));
      } else {
        Object[] design = convDesign(300 + d);
        net = (Network) design[0];
        plan = (ResolvedPlan) design[1];
      }
      CycleSimulator sim = new CycleSimulator(net, plan);
      List<byte[]> imgs = Arrays.asList(new RandomNetworks(d).images(net.input(), 2 + d % 4));
      int[][] stalls = {{0, 0}, {StallStream.units(0.3), 0}, {0, StallStream.units(0.3)}, {StallStream.units(0.2), StallStream.units(0.5)}};
      for (int[] st : stalls) {
        SimOptions o = SimOptions.steady().withStalls(d, st[0], st[1]).recordingInputBeats();
        SimRun every = sim.run(imgs, o.stepEveryCycle(), null), skipped = sim.run(imgs, o, null);
        String what = "design " + d + " (" + net.layers().stream().map(Layer::kind).toList() + ", " + plan.source() + ") gap " + st[0] + " bp " + st[1];
        assertEquals(every.status(), skipped.status(), what);
        assertEquals(every.cycles(), skipped.cycles(), what);
        assertArrayEquals(every.inputBeatCycles(), skipped.inputBeatCycles(), what);
        assertEquals(every.outputBeats(), skipped.outputBeats(), what);
        assertEquals(every.report(), skipped.report(), what);
      }
    }
  }

  @Test
  void aRunIsAFunctionOfImagesSeedAndPlan() {
    Network net = denseNetwork(5);
    ResolvedPlan plan = randomPlan(net, new SplittableRandom(5));
    CycleSimulator sim = new CycleSimulator(net, plan);
    List<byte[]> imgs = Arrays.asList(new RandomNetworks(9).images(net.input(), 6));
    SimOptions o = SimOptions.steady().withStalls(42, StallStream.units(0.4), StallStream.units(0.4)).recordingInputBeats();
    SimRun a = sim.run(imgs, o, null), b = sim.run(imgs, o, null);
    assertEquals(a.outputBeats(), b.outputBeats());
    assertArrayEquals(a.inputBeatCycles(), b.inputBeatCycles());
    SimRun c = sim.run(imgs, o.withStalls(43, StallStream.units(0.4), StallStream.units(0.4)), null);
    assertTrue(c.cycles() != a.cycles() || !Arrays.equals(c.inputBeatCycles(), a.inputBeatCycles()), "another seed, other stalls");
  }

  @Test
  void suggestedFifoDepthsAreTheSmallestThatMoveNoResult() {
    for (int d = 0; d < 8; d++) {
      Network net = denseNetwork(100 + d);
      ResolvedPlan plan = randomPlan(net, new SplittableRandom(100 + d));
      CycleSimulator sim = new CycleSimulator(net, plan);
      List<byte[]> imgs = Arrays.asList(new RandomNetworks(d).images(net.input(), 6));
      SimOptions o = d % 2 == 0 ? SimOptions.steady() : SimOptions.steady().withStalls(d, StallStream.units(0.3), StallStream.units(0.3));
      FifoSizing.Result r = FifoSizing.suggest(sim, imgs, o);
      int[] depths = r.depths().values().stream().mapToInt(Integer::intValue).toArray();
      int[] huge = new int[depths.length];
      Arrays.fill(huge, 1 << 20);
      List<Long> want = cycles(sim.withFifoDepths(huge).run(imgs, o, null));
      assertEquals(want, cycles(sim.withFifoDepths(depths).run(imgs, o, null)), "design " + d + ": " + r.depths());
      for (int i = 0; i < depths.length; i++) {
        if (depths[i] == 1) continue;
        int[] less = depths.clone();
        less[i]--;
        assertTrue(!want.equals(cycles(sim.withFifoDepths(less).run(imgs, o, null))), "design " + d + ": FIFO " + i + " could be smaller than " + r.depths());
      }
    }
  }

  private static List<Long> cycles(SimRun r) {
    List<Long> c = new java.util.ArrayList<>();
    for (SimBeat b : r.outputBeats()) c.add(b.cycle());
    c.add(r.cycles());
    return c;
  }

  /**
   * A unit that stops taking beats after a while (fault injection): no beat moves any more, so the
   * run stops as a deadlock once the watchdog's bound has passed — at the same cycle in both loops
   * — naming every FIFO's state.
   */
  @Test
  void aStuckUnitIsReportedAsADeadlock() {
    Network net = denseNetwork(7);
    ResolvedPlan plan = randomPlan(net, new SplittableRandom(7));
    CycleSimulator plain = new CycleSimulator(net, plan);
    String first = plain.fifoNames().get(0);
    CycleSimulator sim = plain.withFault(first, inner -> new Stuck(inner, 5));
    List<byte[]> imgs = Arrays.asList(new RandomNetworks(3).images(net.input(), 4));
    long bound = 2 * (plan.cyclesPerImage() + plan.latencyCycles()) + 1000;
    SimRun every = sim.run(imgs, SimOptions.steady().stepEveryCycle(), null);
    SimRun events = sim.run(imgs, SimOptions.steady(), null);
    assertEquals(SimRun.Status.DEADLOCK, every.status(), every.stuckState().toString());
    assertEquals(SimRun.Status.DEADLOCK, events.status());
    assertEquals(every.cycles(), events.cycles());
    assertEquals(every.stuckState(), events.stuckState());
    assertTrue(every.cycles() > bound && every.cycles() < bound + 1000, "stops once no beat moved for " + bound + " cycles: " + every.cycles());
    assertTrue(every.stuckState().stream().anyMatch(l -> l.startsWith("fifo " + first + ": ") && l.endsWith("full")), every.stuckState().toString());
  }

  /** Delegates to a unit but refuses every beat after the first {@code after}. */
  private static final class Stuck extends org.xnorkit.simulator.unit.Stage {
    private final org.xnorkit.simulator.unit.Stage inner;
    private final int after;
    private int taken;

    Stuck(org.xnorkit.simulator.unit.Stage inner, int after) {
      super(inner.name());
      this.inner = inner;
      this.after = after;
    }

    @Override public org.xnorkit.simulator.unit.Stage unwrap() { return inner; }
    @Override public boolean inReady() { return taken < after && inner.inReady(); }
    @Override public boolean inReady(boolean outReady) { return taken < after && inner.inReady(outReady); }
    @Override public boolean outValid() { return inner.outValid(); }
    @Override public boolean active() { return inner.active(); }
    @Override public void step(long cycle, boolean inFire, boolean outFire) {
      if (inFire) taken++;
      inner.step(cycle, inFire, outFire);
    }
    @Override public long nextEvent(long t, boolean inFire, boolean outFire) {
      return inFire ? t + 1 : inner.nextEvent(t, inFire, outFire); // every beat taken counts towards the fault
    }
    @Override public void advance(long from, long n, boolean inFire, boolean outFire) { inner.advance(from, n, inFire, outFire); }
  }

  @Test
  void aTinyBudgetTimesOut() {
    Network net = denseNetwork(6);
    ResolvedPlan plan = randomPlan(net, new SplittableRandom(6));
    SimRun run = new CycleSimulator(net, plan).run(Arrays.asList(new RandomNetworks(1).images(net.input(), 4)), SimOptions.steady().withBudget(5), null);
    assertEquals(SimRun.Status.TIMEOUT, run.status());
    assertEquals(5, run.cycles());
    assertEquals(0, run.imagesOut());
  }
}
