package org.xnorkit.hwgen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xnorkit.model.Folding;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.io.ProjectRoot;
import org.xnorkit.model.json.ModelJson;
import org.xnorkit.model.json.PlanJson;

class PlannerTest {
  private static Path models() { return ProjectRoot.require().resolve("models"); }

  @Test
  void bnnPynqLfcFoldingGives512CyclesPerImage() throws Exception {
    Network net = ModelJson.read(models().resolve("lfc-w1a1-mnist.json"));
    Plan plan = PlanJson.read(models().resolve("lfc-w1a1-mnist.plan.json"), net);
    ResolvedPlan r = Planner.resolve(net, plan, 0, "bnn-pynq");
    assertEquals(512, r.cyclesPerImage());
    assertEquals(List.of(416L, 512L, 512L, 128L), r.layers().stream().filter(LayerPlan::isCompute).map(l -> l.estimate().cyclesPerImage()).toList());
    assertTrue(r.layer("fc0").padded(), "784 inputs on simd 64 are padded to 832");
    assertEquals(832, r.layer("fc0").paddedRowElems());
    assertEquals(16, r.layer("out").paddedOutputs());
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("'out'") && w.contains("pe 16")), r.warnings().toString());
    assertEquals(plan.foldings(), r.toPlan().foldings());
  }

  @Test
  void bnnPynqCnvFoldingFollowsTheConvRule() throws Exception {
    Network net = ModelJson.read(models().resolve("cnv-w1a1-cifar10.json"));
    Plan plan = PlanJson.read(models().resolve("cnv-w1a1-cifar10.plan.json"), net);
    ResolvedPlan r = Planner.resolve(net, plan, 0, "bnn-pynq");
    // ⌈MH/PE⌉·k²·⌈Cin/SIMD⌉·OH·OW per conv layer, nf·sf for the dense ones
    assertEquals(List.of(4L * 9 * 1 * 30 * 30, 2L * 9 * 2 * 28 * 28, 8L * 9 * 2 * 12 * 12, 8L * 9 * 4 * 10 * 10, 64L * 9 * 4 * 3 * 3,
            256L * 9 * 8 * 1 * 1, 512L * 64, 512L * 64, 3L * 512),
        r.layers().stream().filter(LayerPlan::isCompute).map(LayerPlan::foldCycles).toList());
    assertEquals(32768, r.cyclesPerImage());
    // pool0: max(28·28 pixels × ⌈64/32⌉ beats written, 14·14 windows × 2·2 pixels read)
    assertEquals(1568, r.layer("pool0").estimate().cyclesPerImage());
    assertEquals(32, r.inputBusBits(), "one 3-byte pixel per 4-byte beat");
  }

  @Test
  void automaticPlanMeetsTheTargetWithTheFewestLanes() throws Exception {
    Network net = ModelJson.read(models().resolve("lfc-w1a1-mnist.json"));
    for (long target : new long[] {100, 512, 4096, 100_000}) {
      ResolvedPlan r = Planner.resolve(net, new Plan(Map.of()), target, "auto");
      for (LayerPlan l : r.layers()) {
        if (!l.isCompute()) continue;
        assertTrue(l.foldCycles() <= target, l.name() + " " + l.foldCycles() + " > " + target);
        // no folding with fewer lanes meets the target
        for (int pe = 1; pe <= l.outputs(); pe++)
          for (int simd = 1; simd <= l.rowElems() && (long) pe * simd < (long) l.pe() * l.simd(); simd++)
            assertTrue((long) Planner.ceil(l.outputs(), pe) * l.chunkRows() * Planner.ceil(l.rowElems(), simd) * l.vectors() > target,
                l.name() + ": pe " + pe + " simd " + simd + " would also meet " + target);
      }
    }
  }

  @Test
  void defaultAutomaticPlanStaysWithinTheLaneBudget() throws Exception {
    Network net = ModelJson.read(models().resolve("sfc-w1a1-fashion-mnist.json"));
    ResolvedPlan r = Planner.resolve(net, new Plan(Map.of()), 0, "auto");
    long lanes = r.layers().stream().filter(LayerPlan::isCompute).mapToLong(l -> (long) l.pe() * l.simd()).sum();
    assertTrue(lanes <= Planner.DEFAULT_LANE_BUDGET, lanes + " lanes");
    assertTrue(r.source().contains("automatic"));
  }

  @Test
  void badFoldsNameTheLayer() {
    ModelException e = assertThrows(ModelException.class, () -> Planner.parseFolds(List.of("fc1:pe=0,simd=4")));
    assertTrue(e.getMessage().contains("fc1") && e.getMessage().contains("pe (0)"), e.getMessage());
    e = assertThrows(ModelException.class, () -> Planner.parseFolds(List.of("fc1:pe=2")));
    assertTrue(e.getMessage().contains("simd"), e.getMessage());
    e = assertThrows(ModelException.class, () -> Planner.parseFolds(List.of("fc1:pe=2,simd=x")));
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    assertEquals(Map.of("fc1", new Folding(2, 3)), Planner.parseFolds(List.of("fc1:pe=2,simd=3")));
  }
}
