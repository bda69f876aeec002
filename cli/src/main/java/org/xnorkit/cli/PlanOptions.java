package org.xnorkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.Folding;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.json.PlanJson;
import picocli.CommandLine.Option;

/**
 * Hardware plan options shared by gen, verify, sim, bench and synth. Which plan: {@code --plan P};
 * else the model's sibling {@code NAME.plan.json} when it exists; else an automatic plan (for
 * {@code --target-cycles}, or {@code --target-fps} at {@code --clock-mhz}, else the fastest within
 * the default lane budget). {@code --fold} entries override or add layers of that plan; layers
 * still unfolded are folded automatically.
 */
public final class PlanOptions {
  @Option(names = "--plan", paramLabel = "P", description = "Plan file (xnorkit-plan/1 JSON). Default: the model's NAME.plan.json if present, else automatic.")
  Path plan;

  @Option(names = "--fold", paramLabel = "LAYER:pe=P,simd=S", description = "Folding of one layer (repeatable); overrides the plan file for that layer.")
  List<String> folds = new ArrayList<>();

  @Option(names = "--target-cycles", paramLabel = "N", description = "Automatic plan: per layer the smallest pe*simd reaching N cycles per image.")
  Long targetCycles;

  @Option(names = "--target-fps", paramLabel = "F", description = "Automatic plan for F images per second (needs --clock-mhz).")
  Double targetFps;

  @Option(names = "--clock-mhz", paramLabel = "C", description = "Clock frequency for --target-fps.")
  Double clockMhz;

  /** The resolved plan for {@code net} read from {@code modelFile}; says on {@code log} which plan it used. */
  public ResolvedPlan resolve(Network net, Path modelFile, java.util.function.Consumer<String> log) throws IOException {
    long target = 0;
    if (targetCycles != null && targetFps != null)
      throw new ModelException("--target-cycles", null, "give either --target-cycles or --target-fps, not both");
    if (targetCycles != null) {
      if (targetCycles < 1) throw new ModelException("--target-cycles", null, "target (" + targetCycles + ") must be >= 1 cycle per image");
      target = targetCycles;
    } else if (targetFps != null) {
      if (clockMhz == null) throw new ModelException("--target-fps", null, "needs --clock-mhz to turn images per second into cycles");
      try { target = Planner.targetCycles(targetFps, clockMhz); } catch (IllegalArgumentException e) { throw new ModelException("--target-fps", null, e.getMessage()); }
    } else if (clockMhz != null) throw new ModelException("--clock-mhz", null, "only used with --target-fps");

    Plan base = new Plan(Map.of());
    String source;
    Path sibling = PlanJson.siblingOf(modelFile);
    if (plan != null) {
      base = PlanJson.read(plan, net);
      source = "plan file " + plan;
    } else if (target == 0 && Files.isRegularFile(sibling)) {
      base = PlanJson.read(sibling, net);
      source = "plan file " + sibling + " (beside the model)";
    } else source = "";
    if (!folds.isEmpty()) {
      Map<String, Folding> f = new TreeMap<>(base.foldings());
      f.putAll(Planner.parseFolds(folds));
      base = new Plan(f, base.fifoDepths(), base.inputBusBits(), base.outputBusBits());
      base.validateAgainst(net);
      source = source.isEmpty() ? "--fold" : source + " + --fold";
    }
    ResolvedPlan r = Planner.resolve(net, base, target, source.isEmpty() ? "automatic" : source);
    log.accept("plan: " + r.source() + " (" + r.cyclesPerImage() + " cycles per image)");
    for (String w : r.warnings()) log.accept("warning: " + w);
    return r;
  }
}
