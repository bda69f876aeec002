package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.simulator.StallStream;

/**
 * The Icarus testbench on the hand-written DUT: under the same contract it logs exactly what the
 * Verilator harness logs, and it catches the X of a register left out of reset that Verilator's
 * 2-state model turns into a plausible number. Needs iverilog and verilator: fails without them.
 */
class IcarusRunTest {
  @TempDir Path tmp;

  @Test
  void icarusAndVerilatorAgreeCycleForCycle() throws Exception {
    AccumulatorDut dut = new AccumulatorDut(24, 16, -1, true);
    Path dir = dut.writeTo(tmp);
    List<List<AxisBeat>> images = dut.randomImages(21, 12, 4);
    RunOptions o = new RunOptions(77, StallStream.units(0.3), StallStream.units(0.4), 1, RunOptions.RESET_CYCLES, 10_000, 1);
    IcarusRun.Result icarus = IcarusRun.run(DesignFiles.of(dir), dut.config(), images, o);
    assertTrue(icarus.clean(), icarus.xProblems().toString());
    BeatLog verilator = new VerilatorBuild(TestPaths.verilatorCache()).build(DesignFiles.of(dir), dut.config())
        .simulator().run(dir, images, o).log();
    HarnessContractTest.assertLogsEqual(verilator, icarus.log(), "Icarus vs Verilator");
    HarnessContractTest.assertLogsEqual(dut.model(images, o), icarus.log(), "Icarus vs the contract model");
  }

  @Test
  void aRegisterLeftOutOfResetIsAnXInIcarus() throws Exception {
    AccumulatorDut dut = new AccumulatorDut(16, 16, -1, false);
    Path dir = dut.writeTo(tmp);
    List<List<AxisBeat>> images = dut.randomImages(22, 3, 3);
    IcarusRun.Result r = IcarusRun.run(DesignFiles.of(dir), dut.config(), images, RunOptions.steady(1000, 1));
    assertFalse(r.clean(), "the first image's sum starts from an unreset accumulator");
    assertTrue(r.xProblems().get(0).contains("X in result beat 0"), r.xProblems().toString());
  }
}
