package org.xnorkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.json.ModelJson;
import org.xnorkit.simulator.StallStream;
import org.xnorkit.testbench.CycleCheck;
import org.xnorkit.testbench.DesignFiles;
import org.xnorkit.testbench.VerilatorBuild;
import org.xnorkit.testbench.VerilatorLint;
import org.xnorkit.testbench.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xnorkit verify}: the generated RTL in Verilator against the reference engine, image by
 * image, under the timing contract (docs/timing.md); steady-state cycles per image against the
 * analytical estimate. Exit code 5 on any mismatch, naming the first image and layer.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Generates the design (or takes --design DIR), builds it with Verilator (cached by content) and",
        "streams the images through it: a steady run (no stalls), the same with another Verilator seed, and a",
        "run with random input gaps and output back-pressure (--seed). Every result must equal the reference",
        "engine's; on a mismatch a debug build names the first layer whose output differs. Also reports the",
        "steady-state cycles per image against the analytical initiation interval, and Verilator lint."})
public final class VerifyCommand implements Callable<Integer> {
  @Mixin Common common;
  @Mixin ModelDataOptions io;
  @Mixin PlanOptions planOptions;




  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Images to stream through the RTL (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the stalled run's input gaps and back-pressure (docs/timing.md; default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--gap", paramLabel = "P", defaultValue = "0.25", description = "Input gap probability per cycle of the stalled run (default: ${DEFAULT-VALUE}).")
  double gap;

  @Option(names = "--backpressure", paramLabel = "P", defaultValue = "0.25", description = "Output back-pressure probability per cycle of the stalled run (default: ${DEFAULT-VALUE}).")
  double backpressure;

  @Option(names = "--design", paramLabel = "DIR", description = "Verify this already generated design folder (its manifest must name the model's content hash) instead of generating one.")
  Path design;

  @Override public Integer call() throws Exception {
    long t0 = System.nanoTime();
    if (limit < 1) throw new ModelException("--limit", null, "--limit (" + limit + ") must be >= 1 image");
    int gapUnits = probability("--gap", gap), bpUnits = probability("--backpressure", backpressure);
    Network net = io.loadModel(common);
    Dataset set = io.loadData(net, limit, common);

    Path dir = design;
    Path temporary = null;
    String planSource;
    try {
      if (dir == null) {
        ResolvedPlan plan = planOptions.resolve(net, io.model, common::log);
        temporary = Files.createTempDirectory("xnorkit-verify-");
        dir = temporary.resolve("design");
        new Generator(common::log).generate(net, plan, dir);
        planSource = plan.source();
      } else {
        Manifest m = Manifest.read(dir);
        String hash = ModelJson.contentHash(net);
        if (!hash.equals(m.modelHash()))
          throw new ModelException(dir.resolve(Manifest.FILE_NAME).toString(), "/modelHash", null,
              "the design was generated from model " + m.model() + " (hash " + m.modelHash() + "), not from " + io.model + " (hash " + hash + ")", null);
        planSource = m.planSource();
        common.log("design: " + dir + " (plan: " + planSource + ")");
      }
      VerilatorLint.Result lint = VerilatorLint.check(DesignFiles.of(dir), Manifest.read(dir).top());
      if (lint.clean()) common.log("lint: verilator --lint-only -Wall is clean");
      else {
        common.log("lint: " + lint.findings().size() + " findings of verilator --lint-only -Wall:");
        lint.findings().forEach(f -> common.log("  " + f));
      }
      Verifier verifier = new Verifier(new VerilatorBuild(VerilatorBuild.defaultCacheDir()), common::log);
      // The Java cycle simulator runs beside every Verilator run: every beat at the same cycle.
      CycleCheck cycles = null;
      try {
        cycles = new CycleCheck(net, Manifest.read(dir), set.images(), true);
        verifier.listen(cycles);
      } catch (IllegalArgumentException e) {
        common.log("simulator: not compared: " + e.getMessage());
      }
      Verifier.Report r = verifier.verify(net, dir, set.images(),
          new Verifier.Settings(List.of(seed), gapUnits, bpUnits, true));
      double seconds = (System.nanoTime() - t0) / 1e9;
      print(r, lint, cycles, design != null ? design.toString() : null, planSource, seconds);
      if (r.mismatches() > 0) {
        common.err().println("xnorkit verify: error: " + r.mismatches() + " of " + r.images() + " images differ from the reference engine; first: "
            + r.firstMismatch().describe());
        common.err().flush();
        return ExitCodes.MISMATCH;
      }
      if (cycles != null && (cycles.cycleMismatches() > 0 || cycles.dataMismatches() > 0)) {
        CycleCheck.Entry bad = cycles.firstDifferent();
        common.err().println("xnorkit verify: error: the Java cycle simulator differs from Verilator: " + cycles.cycleMismatches()
            + " beats at other cycles, " + cycles.dataMismatches() + " with other data; first (" + bad.run() + "): " + bad.firstDifference());
        common.err().flush();
        return ExitCodes.MISMATCH;
      }
      return ExitCodes.OK;
    } finally {
      if (temporary != null) deleteTree(temporary);
    }
  }

  private void print(Verifier.Report r, VerilatorLint.Result lint, CycleCheck cycles, String designDir, String planSource, double seconds) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model", io.model.toString());
    doc.put("data", io.data);
    doc.put("design", designDir);
    doc.put("plan", planSource);
    doc.put("images", r.images());
    doc.put("mismatches", r.mismatches());
    doc.put("verilatorCyclesPerImage", Double.isNaN(r.verilatorCyclesPerImage()) ? null : r.verilatorCyclesPerImage());
    doc.put("analyticalCyclesPerImage", r.analyticalCyclesPerImage());
    doc.put("cyclesRatio", Double.isNaN(r.cyclesRatio()) ? null : Workload.round6(r.cyclesRatio()));
    doc.put("latencyCycles", r.latencyCycles());
    doc.put("steadyCycles", r.steadyCycles());
    doc.put("verilatorBuildSeconds", Workload.round3(r.buildSeconds()));
    doc.put("verilatorBuildCached", r.buildCached());
    doc.put("verilatorRunSeconds", Workload.round3(r.runSeconds()));
    doc.put("seed", seed);
    doc.put("gap", gap);
    doc.put("backpressure", backpressure);
    doc.put("lintFindings", lint.findings());
    doc.put("cycleMismatches", cycles == null ? null : cycles.cycleMismatches());
    doc.put("beatDataMismatches", cycles == null ? null : cycles.dataMismatches());
    List<Map<String, Object>> simRuns = new ArrayList<>();
    if (cycles != null)
      for (CycleCheck.Entry e : cycles.entries()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", e.run());
        m.put("cycles", e.verilatorCycles());
        m.put("cycleMismatches", e.cycleMismatches());
        m.put("verilatorCyclesPerSecond", Math.round(e.verilatorCyclesPerSecond()));
        m.put("simulatedCyclesPerSecond", Math.round(e.simCyclesPerSecond()));
        m.put("simulatorSpeedup", Workload.round3(e.speedup()));
        simRuns.add(m);
      }
    doc.put("simulatorRuns", simRuns);
    Verifier.Mismatch m = r.firstMismatch();
    if (m != null) {
      Map<String, Object> first = new LinkedHashMap<>();
      first.put("index", m.image());
      first.put("run", m.run());
      first.put("layer", m.layer() == null ? null : m.layer().layer());
      first.put("detail", m.describe());
      doc.put("firstMismatch", first);
    } else doc.put("firstMismatch", null);
    doc.put("seconds", Workload.round3(seconds));
    if (common.json()) {
      common.printJson(doc);
      return;
    }
    var out = common.out();
    out.printf("images      %d, mismatches %d%n", r.images(), r.mismatches());
    if (m != null) out.printf("first       %s%n", m.describe());
    out.printf("cycles      %s per image in Verilator (steady state), %d analytical (ratio %s)%n",
        Double.isNaN(r.verilatorCyclesPerImage()) ? "n/a" : String.format("%.2f", r.verilatorCyclesPerImage()), r.analyticalCyclesPerImage(),
        Double.isNaN(r.cyclesRatio()) ? "n/a" : String.format("%.3f", r.cyclesRatio()));
    out.printf("verilator   build %.1f s%s, runs %.2f s; lint %s%n", r.buildSeconds(), r.buildCached() ? " (cached)" : "", r.runSeconds(),
        lint.clean() ? "clean" : lint.findings().size() + " findings");
    if (cycles == null) out.printf("simulator   not compared (the cycle simulator does not model this design yet)%n");
    else {
      out.printf("simulator   %d cycle mismatches, %d data mismatches against Verilator%n", cycles.cycleMismatches(), cycles.dataMismatches());
      for (CycleCheck.Entry e : cycles.entries())
        out.printf("  %-18s %9d cycles: Verilator %,.0f cycles/s, simulator %,.0f cycles/s (%.1fx)%n", e.run(), e.verilatorCycles(),
            e.verilatorCyclesPerSecond(), e.simCyclesPerSecond(), e.speedup());
    }
    out.flush();
  }

  private static int probability(String option, double p) {
    if (!(p >= 0 && p < 1)) throw new ModelException(option, null, option + " (" + p + ") must be a probability in [0, 1)");
    return Math.min(StallStream.ONE - 1, StallStream.units(p));
  }

  private static void deleteTree(Path root) {
    try (var s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover temporary design is harmless
    }
  }
}
