package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.Folding;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.testing.RandomNetworks;
import org.xnorkit.simulator.StallStream;

class SimulatorCyclesTest {
  @TempDir Path tmp;

  @Test
  void smallMlp() throws Exception {
    RandomNetworks r = new RandomNetworks(3);
    Network net = r.mlp(InputSpec.binarized(6, 6, 1, 128), 1, 40, 24, 10);
    ResolvedPlan plan = Planner.resolve(net, new Plan(Map.of("fc0", new Folding(4, 9), "fc1", new Folding(3, 8), "out", new Folding(2, 6))), 0, "test");
    SimVsVerilator.Design d = SimVsVerilator.build(net, plan, tmp.resolve("rtl"));
    List<byte[]> images = Arrays.asList(r.images(net.input(), 12));
    for (int[] p : new int[][] {{0, 0}, {StallStream.units(0.3), 0}, {0, StallStream.units(0.4)}, {StallStream.units(0.3), StallStream.units(0.5)}}) {
      SimVsVerilator.Comparison c = SimVsVerilator.compare(d, images, 7, p[0], p[1]);
      System.out.println("gap " + p[0] + " bp " + p[1] + ": verilator " + c.verilator().cycles() + " cycles, sim " + c.sim().cycles() + " " + c.differences());
      assertEquals(List.of(), c.differences());
    }
  }
}
