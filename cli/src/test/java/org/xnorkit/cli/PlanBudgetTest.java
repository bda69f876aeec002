package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.io.ProjectRoot;
import org.xnorkit.model.json.ModelJson;

/** --max-luts / --max-brams: the fastest automatic plan whose estimate fits. */
class PlanBudgetTest {
  private static final Path LFC = ProjectRoot.require().resolve("models").resolve("lfc-w1a1-mnist.json");

  @Test
  void fastestPlanWithinTheBudget() throws Exception {
    Network net = ModelJson.read(LFC);
    PlanOptions o = new PlanOptions();
    o.maxLuts = 20000L;
    o.maxBrams = 200L;
    ResolvedPlan r = o.resolve(net, LFC, s -> {});
    assertTrue(r.total().luts() <= 20000 && r.total().bram18() <= 200, r.total().toString());
    // one cycle per image faster no longer fits
    ResolvedPlan faster = Planner.resolve(net, new org.xnorkit.model.Plan(java.util.Map.of()), r.cyclesPerImage() - 1, "test");
    assertTrue(faster.total().luts() > 20000 || faster.total().bram18() > 200 || faster.cyclesPerImage() >= r.cyclesPerImage(), faster.total().toString());
  }

  @Test
  void aBudgetNothingFitsIsAnError() throws Exception {
    Network net = ModelJson.read(LFC);
    PlanOptions o = new PlanOptions();
    o.maxLuts = 10L;
    ModelException e = assertThrows(ModelException.class, () -> o.resolve(net, LFC, s -> {}));
    assertTrue(e.getMessage().contains("--max-luts"), e.getMessage());
  }
}
