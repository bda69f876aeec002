package org.xnorkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.driver.Accelerator;
import org.xnorkit.driver.BenchReport;
import org.xnorkit.driver.Benchmark;
import org.xnorkit.driver.CacheDirs;
import org.xnorkit.driver.PopcountPeak;
import org.xnorkit.driver.SimulatorAccelerator;
import org.xnorkit.driver.StreamingDriver;
import org.xnorkit.driver.VerilatorAccelerator;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.MismatchException;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xnorkit bench}: the CPU path against the generated accelerator. The CPU's images/s and
 * binary operations per second (as a fraction of this machine's XNOR-popcount peak, measured in
 * the same run); the accelerator's images/s at a stated clock from the cycles a cycle-accurate
 * simulation measured; the simulations' own speed, apart; a PNG chart and an HTML page.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Compares the CPU path (reference engine, all cores) with the generated accelerator: images/s,",
        "latency, speedup; the CPU's fraction of this machine's XNOR-popcount peak; simulation speeds apart.",
        "Writes bench.png and bench.html into the report folder."})
public final class BenchCommand implements Callable<Integer> {
  @Mixin Common common;
  @Mixin ModelDataOptions io;
  @Mixin PlanOptions planOptions;




  @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "Only the first N images of the data set (default: all) for the CPU path.")
  int limit;

  @Option(names = "--sim-images", paramLabel = "N", defaultValue = "300", description = "Images streamed through each simulation backend (default: ${DEFAULT-VALUE}).")
  int simImages;

  @Option(names = "--backends", paramLabel = "B", split = ",", defaultValue = "verilator,simulator",
      description = "Simulation backends to stream through: verilator, simulator (the Java cycle simulator), none (default: ${DEFAULT-VALUE}).")
  List<String> backends;

  @Option(names = "--design", paramLabel = "DIR", description = "Design folder (default: generate into rtl-out/NAME).")
  Path design;

  @Option(names = "--check", description = "Check every simulated result against the CPU path; exit 5 on a mismatch.")
  boolean check;

  @Option(names = "--report", paramLabel = "DIR", description = "Folder for bench.png and bench.html (default: report/NAME).")
  Path report;

  @Option(names = "--timeout", paramLabel = "S", defaultValue = "120", description = "Seconds to wait for one result before a backend counts as hung (default: ${DEFAULT-VALUE}).")
  double timeout;

  @Override public Integer call() throws Exception {
    double clockMhz = planOptions.clockMhz == null ? 100 : planOptions.clockMhz;
    if (clockMhz <= 0) throw new picocli.CommandLine.ParameterException(common.spec.commandLine(), "--clock-mhz must be > 0");
    if (planOptions.targetFps == null) planOptions.clockMhz = null;  // here it is the accelerator's clock, not a planning target
    for (String b : backends)
      if (!List.of("verilator", "simulator", "none").contains(b))
        throw new picocli.CommandLine.ParameterException(common.spec.commandLine(), "unknown backend '" + b + "' (verilator, simulator, none)");
    Network net = io.loadModel(common);
    Dataset set = io.loadData(net, limit, common);
    Result r = run(net, set, common, planOptions, design, backends, simImages, check, clockMhz, timeout, report, io.model, io.data);
    if (common.json()) common.printJson(r.json());
    else {
      common.out().printf("xnorkit bench: %s on %s%n%n", net.name(), io.data);
      Table t = new Table("figure", "value", "how");
      for (String[] row : BenchReport.rows(r.summary())) t.row((Object[]) row);
      t.print(common.out());
      common.out().printf("%nreport: %s%n", r.html());
      common.out().flush();
    }
    if (check && r.summary().mismatches() != null && r.summary().mismatches() > 0)
      throw new MismatchException(r.summary().mismatches() + " simulated results differ from the CPU path (first: image " + r.firstMismatch() + ")");
    return ExitCodes.OK;
  }

  /** A finished benchmark: what the page shows, where it is, and the JSON document. */
  record Result(BenchReport.Summary summary, Path html, Path png, int firstMismatch, Map<String, Object> json) {}

  /** The benchmark, shared with the demo. */
  static Result run(Network net, Dataset set, Common common, PlanOptions planOptions, Path design, List<String> backends,
                    int simImages, boolean check, double clockMhz, double timeoutSeconds, Path reportDir, Path modelFile, String dataSpec) throws Exception {
    Manifest manifest;
    Path dir;
    ResolvedPlan plan = planOptions.resolve(net, modelFile, common::log);
    if (design != null) {
      dir = design;
      manifest = Manifest.read(dir);
      common.log("bench: design " + dir + " (" + manifest.planSource() + ")");
    } else {
      dir = Path.of("rtl-out", net.name());
      manifest = new Generator(common::log).generate(net, plan, dir);
      common.log("bench: generated " + dir);
    }
    PopcountPeak.Peak peak = PopcountPeak.measure(CacheDirs.of("native"), Runtime.getRuntime().availableProcessors(), 1.0);
    common.log(String.format("bench: XNOR-popcount peak %.3g binary ops/s on %d threads%s", peak.binaryOpsPerSecond(), peak.threads(),
        peak.compiled() ? " (microbenchmark compiled now)" : ""));
    Benchmark.Cpu cpu = Benchmark.cpu(net, set.images(), peak, common::log);

    int n = Math.min(simImages, set.size());
    byte[][] simSet = Arrays.copyOf(set.images(), n);
    Inference[] reference;
    try (ReferenceEngine engine = new ReferenceEngine(net)) { reference = engine.inferBatch(simSet); }
    List<Benchmark.Simulation> sims = new ArrayList<>();
    Benchmark.Accel accel = null;
    int mismatches = 0, checked = 0, firstMismatch = -1, cycleMismatches = 0;
    Benchmark.StreamRun firstRun = null;
    StreamingDriver.Options opts = StreamingDriver.Options.defaults().withTimeoutMillis((long) (timeoutSeconds * 1000));
    for (String b : backends) {
      if (b.equals("none") || n < 3) continue;
      Accelerator acc;
      double build;
      boolean cached;
      if (b.equals("verilator")) {
        common.log("bench: building the Verilator harness (cached by content)");
        VerilatorAccelerator v = new VerilatorAccelerator(dir, manifest, org.xnorkit.testbench.VerilatorBuild.defaultCacheDir());
        acc = v;
        build = v.buildSeconds();
        cached = v.cachedBuild();
      } else if (b.equals("simulator")) {
        acc = new SimulatorAccelerator(net, plan);
        build = 0;
        cached = true;
      } else throw new IllegalStateException(b);
      Progress progress = common.progress("bench: " + b, n);
      Benchmark.StreamRun run;
      try (acc) {
        run = Benchmark.stream(acc, simSet, opts, done -> progress.update(done, "images"));
      }
      sims.add(Benchmark.simulation(run, build, cached));
      if (accel == null) accel = Benchmark.accel(run, manifest, clockMhz);
      // Two cycle-accurate backends must agree on every image's cycles, not only on its result.
      if (firstRun == null) firstRun = run;
      else {
        for (int i = 0; i < run.results().size(); i++)
          if (run.results().get(i).lastOutputCycle() != firstRun.results().get(i).lastOutputCycle()
              || run.results().get(i).firstInputCycle() != firstRun.results().get(i).firstInputCycle()) cycleMismatches++;
        common.log("bench: " + b + " vs " + firstRun.backend() + ": " + cycleMismatches + " images with different cycles");
      }
      if (check) {
        List<Integer> bad = Benchmark.mismatches(run.results(), reference);
        mismatches += bad.size();
        checked += run.results().size();
        if (!bad.isEmpty() && firstMismatch < 0) firstMismatch = bad.get(0);
      }
    }
    if (accel == null) accel = Benchmark.analytical(manifest, clockMhz);
    BenchReport.Summary summary = new BenchReport.Summary(net.name(), dataSpec, manifest.planSource(), cpu, accel, sims,
        check ? mismatches : null, checked, List.of());
    Path out = reportDir != null ? reportDir : Path.of("report", net.name());
    Path html = BenchReport.write(out, summary);

    Map<String, Object> j = new LinkedHashMap<>();
    j.put("model", modelFile.toString());
    j.put("name", net.name());
    j.put("data", dataSpec);
    j.put("plan", manifest.planSource());
    j.put("design", dir.toString());
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("images", cpu.images());
    c.put("threads", cpu.threads());
    c.put("imagesPerSecond", Workload.round1(cpu.imagesPerSecond()));
    c.put("latencyMicros", Workload.round3(cpu.latencyMicros()));
    c.put("binaryOpsPerImage", cpu.binaryOpsPerImage());
    c.put("binaryOpsPerSecond", (double) Math.round(cpu.binaryOpsPerSecond()));
    c.put("popcountPeakBinaryOpsPerSecond", (double) Math.round(cpu.peakBinaryOpsPerSecond()));
    c.put("popcountPeakThreads", cpu.peakThreads());
    c.put("popcountPeakFraction", Workload.round6(cpu.popcountPeakFraction()));
    j.put("cpu", c);
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("source", accel.source());
    a.put("clockMhz", accel.clockMhz());
    a.put("cyclesPerImage", Workload.round3(accel.cyclesPerImage()));
    a.put("analyticalCyclesPerImage", accel.analyticalCyclesPerImage());
    a.put("latencyCycles", accel.latencyCycles());
    a.put("imagesPerSecond", Workload.round1(accel.imagesPerSecond()));
    a.put("latencyMicros", Workload.round3(accel.latencyMicros()));
    Map<String, Object> at200 = new LinkedHashMap<>();
    at200.put("clockMhz", 200.0);
    at200.put("imagesPerSecond", Workload.round1(accel.imagesPerSecondAt200()));
    at200.put("latencyMicros", Workload.round3(accel.latencyCycles() / 200.0));
    at200.put("assumption", true);
    a.put("at200Mhz", at200);
    j.put("accelerator", a);
    j.put("speedup", Workload.round3(summary.speedup()));
    j.put("speedupAt200Mhz", Workload.round3(accel.imagesPerSecondAt200() / cpu.imagesPerSecond()));
    List<Map<String, Object>> s = new ArrayList<>();
    for (Benchmark.Simulation sim : sims) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("backend", sim.backend());
      e.put("images", sim.images());
      e.put("seconds", Workload.round3(sim.wallSeconds()));
      e.put("imagesPerSecond", Workload.round1(sim.imagesPerSecond()));
      e.put("cycles", sim.cycles());
      e.put("cyclesPerSecond", (double) Math.round(sim.cyclesPerSecond()));
      e.put("buildSeconds", Workload.round3(sim.buildSeconds()));
      e.put("cachedBuild", sim.cachedBuild());
      s.add(e);
    }
    j.put("simulation", s);
    j.put("checked", check);
    j.put("mismatches", check ? mismatches : null);
    j.put("cycleMismatches", firstRun != null && sims.size() > 1 ? cycleMismatches : null);
    j.put("report", html.toString());
    j.put("chart", out.resolve("bench.png").toString());
    if (cycleMismatches > 0)
      throw new MismatchException(cycleMismatches + " images left the Java cycle simulator at other cycles than Verilator");
    return new Result(summary, html, out.resolve("bench.png"), firstMismatch, j);
  }
}
