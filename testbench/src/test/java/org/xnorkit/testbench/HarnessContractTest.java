package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.simulator.StallStream;

/**
 * The C++ harness against the timing contract, on the hand-written accumulator DUT: every beat it
 * logs (cycle and data) equals what a Java model written from docs/timing.md predicts, under
 * random gaps and back-pressure, for narrow and wide buses; Verilator's own seed changes nothing;
 * a hung design times out naming the image. Needs verilator: fails (does not skip) without it.
 */
class HarnessContractTest {
  @TempDir static Path tmp;
  static AccumulatorDut narrow, wide;
  static Path narrowDir, wideDir;
  static VerilatorSimulator narrowSim, wideSim;

  @BeforeAll
  static void build() throws Exception {
    VerilatorBuild builds = new VerilatorBuild(TestPaths.verilatorCache());
    narrow = new AccumulatorDut(16, 16, -1, true);
    narrowDir = narrow.writeTo(tmp);
    // A debug build: one probe records the DUT's output register as an internal stream.
    HarnessConfig withProbe = new HarnessConfig("Accelerator", 16, 16,
        List.of(new Probe("result register", "Accelerator", "Accelerator", "out_valid", "m_axis_tready", "out_data", 16)));
    narrowSim = builds.build(DesignFiles.of(narrowDir), withProbe).simulator();
    // 136-bit input and 72-bit output: tdata and tkeep cross Verilator's 32/64-bit type boundaries.
    wide = new AccumulatorDut(136, 72, -1, true);
    wideDir = wide.writeTo(tmp);
    wideSim = builds.build(DesignFiles.of(wideDir), wide.config()).simulator();
  }

  @Test
  void stallStreamsAreTheSameInJavaAndCpp() {
    for (long seed : new long[] {0, 1, 42, -1, 0x8000_0000_0000_0000L, 123456789012345L}) {
      long[][] cpp = narrowSim.dumpStalls(seed, 200);
      StallStream g = StallStream.inputGaps(seed, 0), b = StallStream.outputBackpressure(seed, 0);
      for (int i = 0; i < cpp.length; i++) {
        assertEquals(g.nextDraw(), cpp[i][0], "gap draw " + i + " of seed " + seed);
        assertEquals(b.nextDraw(), cpp[i][1], "back-pressure draw " + i + " of seed " + seed);
      }
    }
  }

  @Test
  void narrowBusMatchesTheContractModelUnderStalls() {
    List<List<AxisBeat>> images = narrow.randomImages(7, 40, 5);
    for (long seed : new long[] {0, 1, 2, 99}) {
      for (int[] p : new int[][] {{0, 0}, {StallStream.units(0.3), 0}, {0, StallStream.units(0.5)}, {StallStream.units(0.25), StallStream.units(0.6)}}) {
        RunOptions o = new RunOptions(seed, p[0], p[1], 1, RunOptions.RESET_CYCLES, 100_000, 1);
        assertLogsEqual(narrow.model(images, o), narrowSim.run(narrowDir, images, o).log(), "seed " + seed + " gap " + p[0] + " bp " + p[1]);
      }
    }
  }

  @Test
  void aProbeRecordsAnInternalStreamLikeAPort() {
    List<List<AxisBeat>> images = narrow.randomImages(12, 15, 4);
    RunOptions o = new RunOptions(4, StallStream.units(0.2), StallStream.units(0.5), 1, RunOptions.RESET_CYCLES, 100_000, 1);
    BeatLog log = narrowSim.run(narrowDir, images, o).log();
    assertEquals(List.of("m_axis", "s_axis", "result register"), log.streamNames());
    List<LoggedBeat> probe = log.stream("result register");
    assertEquals(log.output().size(), probe.size());
    for (int i = 0; i < probe.size(); i++) {
      assertEquals(log.output().get(i).cycle(), probe.get(i).cycle(), "probe beat " + i);
      assertArrayEquals(log.output().get(i).data(), probe.get(i).data(), "probe beat " + i);
    }
  }

  @Test
  void wideBusMatchesTheContractModelUnderStalls() {
    List<List<AxisBeat>> images = wide.randomImages(8, 25, 4);
    RunOptions o = new RunOptions(5, StallStream.units(0.2), StallStream.units(0.4), 1, RunOptions.RESET_CYCLES, 100_000, 1);
    assertLogsEqual(wide.model(images, o), wideSim.run(wideDir, images, o).log(), "wide");
  }

  @Test
  void steadyStateHasNoBubbles() {
    List<List<AxisBeat>> images = narrow.randomImages(9, 30, 1).stream().map(i -> List.of(
        new AxisBeat(i.get(0).data(), i.get(0).keep(), false), new AxisBeat(i.get(0).data(), i.get(0).keep(), false),
        new AxisBeat(i.get(0).data(), i.get(0).keep(), true))).toList();
    BeatLog log = narrowSim.run(narrowDir, images, RunOptions.steady(10_000, 1)).log();
    // 3 beats per image, one beat per cycle from cycle 0: image i's result fires at 3i + 3.
    for (int i = 0; i < images.size(); i++) assertEquals(3L * i + 3, log.output().get(i).cycle(), "image " + i);
    assertEquals(3L * images.size(), log.input().size());
    assertEquals(0, log.input().get(0).cycle(), "the first beat fires at cycle 0");
  }

  @Test
  void verilatorsOwnSeedChangesNothing() {
    List<List<AxisBeat>> images = narrow.randomImages(10, 20, 4);
    RunOptions o = new RunOptions(3, StallStream.units(0.3), StallStream.units(0.3), 1, RunOptions.RESET_CYCLES, 100_000, 1);
    BeatLog a = narrowSim.run(narrowDir, images, o).log();
    BeatLog b = narrowSim.run(narrowDir, images, o.withVerilatorSeed(987654)).log();
    assertLogsEqual(a, b, "verilator seeds 1 and 987654");
  }

  @Test
  void aHungDesignTimesOutNamingTheImage() throws Exception {
    AccumulatorDut hang = new AccumulatorDut(16, 16, 2, true);
    Path dir = hang.writeTo(tmp);
    VerilatorSimulator sim = new VerilatorBuild(TestPaths.verilatorCache()).build(DesignFiles.of(dir), hang.config()).simulator();
    List<List<AxisBeat>> images = hang.randomImages(11, 5, 3);
    BeatLog log = sim.run(dir, images, RunOptions.steady(500, 1)).log();
    assertEquals(BeatLog.Status.TIMEOUT, log.status());
    assertEquals(500, log.cycles());
    assertEquals(2, log.imagesOut(), "outputs of images 0 and 1 came out; image 2 is the one it hung on");
    assertEquals(2, log.imagesIn());
  }

  static void assertLogsEqual(BeatLog expected, BeatLog actual, String what) {
    assertEquals(expected.status(), actual.status(), what + ": status");
    assertEquals(expected.input().size(), actual.input().size(), what + ": input beats");
    for (int i = 0; i < expected.input().size(); i++)
      assertEquals(expected.input().get(i), actual.input().get(i), what + ": input beat " + i);
    assertEquals(expected.output().size(), actual.output().size(), what + ": output beats");
    for (int i = 0; i < expected.output().size(); i++) {
      LoggedBeat e = expected.output().get(i), a = actual.output().get(i);
      assertEquals(e.cycle(), a.cycle(), what + ": cycle of output beat " + i);
      assertArrayEquals(e.data(), a.data(), what + ": data of output beat " + i + " " + a);
    }
    assertEquals(expected.cycles(), actual.cycles(), what + ": cycles");
    assertTrue(actual.cycles() > 0);
  }
}
