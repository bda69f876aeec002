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
 * the default lane budget; with {@code --max-luts}/{@code --max-brams}, the fastest whose estimate fits,
 * ignoring the sibling plan). {@code --fold} entries override or add layers of that plan; layers
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

  @Option(names = "--max-luts", paramLabel = "N", description = "Automatic plan: the fastest whose estimated LUTs (cost model) stay within N.")
  Long maxLuts;

  @Option(names = "--max-brams", paramLabel = "N", description = "Automatic plan: the fastest whose estimated 18-Kbit block RAMs stay within N.")
  Long maxBrams;

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
    boolean budget = maxLuts != null || maxBrams != null;
    if (budget && target != 0) throw new ModelException("--max-luts", null, "a budget picks the cycles itself: leave out --target-cycles/--target-fps");
    if (maxLuts != null && maxLuts < 0) throw new ModelException("--max-luts", null, "must be >= 0");
    if (maxBrams != null && maxBrams < 0) throw new ModelException("--max-brams", null, "must be >= 0");

    Plan base = new Plan(Map.of());
    String source;
    Path sibling = PlanJson.siblingOf(modelFile);
    if (plan != null) {
      base = PlanJson.read(plan, net);
      source = "plan file " + plan;
    } else if (target == 0 && !budget && Files.isRegularFile(sibling)) {
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
    if (budget) target = budgetTarget(net, base);
    ResolvedPlan r = Planner.resolve(net, base, target, source.isEmpty() ? "automatic" : source);
    if (budget) log.accept("plan: budget " + (maxLuts == null ? "" : maxLuts + " LUTs ") + (maxBrams == null ? "" : maxBrams + " BRAM18 ")
        + "-> estimate " + r.total().luts() + " LUTs, " + r.total().bram18() + " BRAM18");
    log.accept("plan: " + r.source() + " (" + r.cyclesPerImage() + " cycles per image)");
    for (String w : r.warnings()) log.accept("warning: " + w);
    return r;
  }

  private boolean fits(ResolvedPlan r) {
    return (maxLuts == null || r.total().luts() <= maxLuts) && (maxBrams == null || r.total().bram18() <= maxBrams);
  }

  /**
   * The smallest cycles-per-image target whose automatic plan fits the budget (binary search: a
   * larger target folds more, which the cost model estimates smaller).
   */
  private long budgetTarget(Network net, Plan base) {
    // the most folded plan: every layer the plan leaves open at pe = simd = 1
    Map<String, Folding> ones = new TreeMap<>(base.foldings());
    for (org.xnorkit.model.layer.Layer l : net.layers())
      if (!ones.containsKey(l.name()) && java.util.Set.of("dense", "conv2d", "output").contains(l.kind())) ones.put(l.name(), new Folding(1, 1));
    ResolvedPlan slowest = Planner.resolve(net, new Plan(ones, base.fifoDepths(), base.inputBusBits(), base.outputBusBits()), 0, "budget");
    if (!fits(slowest))
      throw new ModelException(maxLuts != null && slowest.total().luts() > maxLuts ? "--max-luts" : "--max-brams", null,
          "even the most folded plan needs " + slowest.total().luts() + " LUTs and " + slowest.total().bram18() + " BRAM18 (estimate)");
    long lo = 1, hi = Math.max(1, slowest.cyclesPerImage());
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (fits(Planner.resolve(net, base, mid, "budget"))) hi = mid; else lo = mid + 1;
    }
    return lo;
  }
}
