package org.xnorkit.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.driver.BenchReport;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.ExternalToolException;
import org.xnorkit.model.MismatchException;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.data.DataException;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.data.Datasets;
import org.xnorkit.model.io.ProjectRoot;
import org.xnorkit.model.json.ModelJson;
import org.xnorkit.model.json.PlanJson;
import org.xnorkit.testbench.Verifier;
import org.xnorkit.testbench.VerilatorBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xnorkit demo}: the flow on a real model, stage by stage, each timed. It works with no
 * arguments on a fresh machine: missing prerequisites are installed by {@code scripts/setup}.
 * Stages: prerequisites, model, data, CPU accuracy on the whole set, RTL generation into rtl-out/,
 * Verilator verification, the streamed throughput comparison (Verilator and the Java cycle
 * simulator, every result checked against the CPU path) and the HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the xnorkit flow on a real model, stage by stage, timing each stage.",
        "Default: models/" + DemoCommand.DEFAULT_MODEL + " on " + DemoCommand.DEFAULT_DATA + "; if that model is missing, models/"
            + DemoCommand.FALLBACK_MODEL + " on " + DemoCommand.FALLBACK_DATA + ". Installs missing prerequisites with scripts/setup."})
public final class DemoCommand implements Callable<Integer> {
  static final String DEFAULT_MODEL = "sfc-w1a1-fashion-mnist.json";
  static final String DEFAULT_DATA = "fashion-mnist:test";
  static final String FALLBACK_MODEL = "lfc-w1a1-mnist.json";
  static final String FALLBACK_DATA = "mnist:test";

  @Mixin Common common;

  @Option(names = "--model", paramLabel = "M", description = "Model file (default: the bundled model, see above).")
  Path model;

  @Option(names = "--plan", paramLabel = "P", description = "Hardware plan (default: the model's sibling NAME.plan.json if present, else an automatic plan).")
  Path plan;

  @Option(names = "--data", paramLabel = "D", description = "Data set name or file (default: the one the bundled model was trained for).")
  String data;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory holding the named data sets.")
  Path dataDir;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "Only the first N images (default: the full test set).")
  int limit;

  @Option(names = "--cpu-only", description = "Only the CPU stages: no RTL generation, verification, benchmark or report.")
  boolean cpuOnly;

  @Option(names = "--rtl-out", paramLabel = "DIR", defaultValue = "rtl-out", description = "Where the design folder NAME goes (default: ${DEFAULT-VALUE}).")
  Path rtlOut;

  @Option(names = "--report", paramLabel = "DIR", defaultValue = "report", description = "Where the report folder NAME goes (default: ${DEFAULT-VALUE}).")
  Path reportRoot;

  @Option(names = "--verify-images", paramLabel = "N", defaultValue = "200", description = "Images verified under Verilator (default: ${DEFAULT-VALUE}).")
  int verifyImages;

  @Option(names = "--bench-images", paramLabel = "N", defaultValue = "300", description = "Images streamed through the simulated accelerator for the throughput comparison (default: ${DEFAULT-VALUE}).")
  int benchImages;

  @Option(names = "--clock-mhz", paramLabel = "C", defaultValue = "100", description = "Accelerator clock for the throughput figures (default: ${DEFAULT-VALUE}; 200 MHz is shown too, as an assumption).")
  double clockMhz;

  /** One timed stage and what it found. */
  private record Stage(String name, double seconds, Map<String, Object> facts, String summary) {}

  private final List<Stage> stages = new ArrayList<>();

  /** Where models/ and scripts/ are; tests point it elsewhere. */
  Path root = ProjectRoot.find().orElse(Path.of("").toAbsolutePath());

  @Override public Integer call() throws Exception {
    Path modelFile = model;
    String dataSpec = data;
    if (modelFile == null) {
      Path preferred = root.resolve("models").resolve(DEFAULT_MODEL), fallback = root.resolve("models").resolve(FALLBACK_MODEL);
      if (Files.isRegularFile(preferred)) {
        modelFile = preferred;
        if (dataSpec == null) dataSpec = DEFAULT_DATA;
      } else if (Files.isRegularFile(fallback)) {
        common.log("demo: " + root.relativize(preferred) + " is not there yet; using " + root.relativize(fallback));
        modelFile = fallback;
        if (dataSpec == null) dataSpec = FALLBACK_DATA;
      } else {
        throw new DataException("no bundled model: neither " + preferred + " nor " + fallback + " exists; give --model M --data D",
            new NoSuchFileException(preferred.toString()));
      }
    }
    if (dataSpec == null)
      throw new picocli.CommandLine.ParameterException(common.spec.commandLine(), "--data is needed with --model (the demo cannot tell which data set the model is for)");

    // Stage: prerequisites. Only what this run needs; scripts/setup installs the rest.
    long t = System.nanoTime();
    Map<String, Object> prereq = new LinkedHashMap<>();
    prereq.put("installed", prerequisites(root, dataSpec));
    @SuppressWarnings("unchecked") List<String> installed = (List<String>) prereq.get("installed");
    stage("prerequisites", t, prereq, installed.isEmpty() ? "all present" : "installed " + String.join(" ", installed));

    // Stage: model.
    t = System.nanoTime();
    Network net = Workload.loadModel(modelFile);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", modelFile.toString());
    m.put("name", net.name());
    m.put("hash", ModelJson.contentHash(net));
    m.put("layerCount", net.layers().size());
    Path planFile = plan != null ? plan : PlanJson.siblingOf(modelFile);
    if (plan != null || Files.isRegularFile(planFile)) {
      Plan p = PlanJson.read(planFile, net);
      m.put("plan", planFile.toString());
      m.put("plannedLayers", p.foldings().size());
    } else {
      m.put("plan", "automatic");
    }
    stage("load model", t, m, String.format("%s: %d layers, hash %s..., plan %s", shown(modelFile), net.layers().size(),
        ModelJson.contentHash(net).substring(0, 12), m.get("plan").equals("automatic") ? "automatic" : shown(planFile) + " (" + m.get("plannedLayers") + " layers folded)"));

    // Stage: data.
    t = System.nanoTime();
    Dataset set = Datasets.load(dataSpec, dataDir, limit);
    Workload.checkFits(net, modelFile, set);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("data", dataSpec);
    d.put("images", set.size());
    d.put("dataShape", set.shape());
    stage("load data", t, d, String.format("%s: %d images %s", dataSpec, set.size(), set.shape()));

    // Stage: CPU inference with the bit-exact reference engine over the whole set.
    t = System.nanoTime();
    Workload.Run run = Workload.infer(net, set, common, "demo: cpu inference");
    Accuracy acc = Accuracy.of(run.inferences(), set.labels());
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("images", acc.images());
    r.put("correct", acc.correct());
    r.put("top1", Workload.round6(acc.top1()));
    r.put("top5", Workload.round6(acc.top5()));
    r.put("imagesPerSecond", Workload.round1(run.imagesPerSecond()));
    r.put("threads", run.threads());
    stage("cpu inference", t, r, String.format("top-1 %.2f %% (%d/%d), top-5 %.2f %%, %.0f images/s on %d threads (bit-exact reference engine)",
        100 * acc.top1(), acc.correct(), acc.images(), 100 * acc.top5(), run.imagesPerSecond(), run.threads()));

    // Hardware stages (host-driver): generate the RTL, verify it under Verilator, stream the
    // throughput comparison, write the HTML report.
    Hardware hw = cpuOnly ? null : hardware(net, modelFile, dataSpec, set, acc);

    if (common.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", shown(modelFile));
      doc.put("name", net.name());
      doc.put("data", dataSpec);
      doc.put("images", acc.images());
      doc.put("top1", Workload.round6(acc.top1()));
      doc.put("top5", Workload.round6(acc.top5()));
      doc.put("imagesPerSecond", Workload.round1(run.imagesPerSecond()));
      List<Map<String, Object>> list = new ArrayList<>();
      for (Stage s : stages) {
        Map<String, Object> e = new LinkedHashMap<>(s.facts());
        e.put("stage", s.name());
        e.put("seconds", Workload.round3(s.seconds()));
        list.add(e);
      }
      doc.put("stages", list);
      if (hw != null) {
        doc.put("bench", hw.bench().json());
        doc.put("report", hw.report().toString());
      }
      common.printJson(doc);
      return ExitCodes.OK;
    }
    var out = common.out();
    out.printf("xnorkit demo: %s on %s%n%n", net.name(), dataSpec);
    Table table = new Table("stage", "time", "result");
    double total = 0;
    for (Stage s : stages) {
      table.row(s.name(), String.format("%.3f s", s.seconds()), s.summary());
      total += s.seconds();
    }
    table.row("total", String.format("%.3f s", total), "");
    table.print(out);
    out.println();
    if (hw != null) out.println("report: " + hw.report().toAbsolutePath());
    out.flush();
    return ExitCodes.OK;
  }


  /** What the hardware stages produced. */
  private record Hardware(BenchCommand.Result bench, Path report) {}

  private Hardware hardware(Network net, Path modelFile, String dataSpec, Dataset set, Accuracy acc) throws Exception {
    // Stage: RTL generation.
    long t = System.nanoTime();
    PlanOptions planOptions = new PlanOptions();
    planOptions.plan = plan;
    ResolvedPlan resolved = planOptions.resolve(net, modelFile, common::log);
    Path design = rtlOut.resolve(net.name());
    Manifest manifest = new Generator(common::log).generate(net, resolved, design);
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("design", design.toString());
    g.put("cyclesPerImage", manifest.cyclesPerImage());
    g.put("latencyCycles", manifest.latencyCycles());
    g.put("rtlFiles", manifest.files().size());
    g.put("luts", manifest.estimate().luts());
    g.put("bram18", manifest.estimate().bram18());
    stage("generate rtl", t, g, String.format("%s: %d SystemVerilog files, %d cycles per image (analytical), estimate %d LUT, %d BRAM18",
        design, manifest.files().size(), manifest.cyclesPerImage(), manifest.estimate().luts(), manifest.estimate().bram18()));

    // Stage: RTL verification under Verilator (steady run and a stalled run against the engine).
    t = System.nanoTime();
    int nv = Math.min(verifyImages, set.size());
    Verifier.Report v = new Verifier(new VerilatorBuild(VerilatorBuild.defaultCacheDir()), common::log)
        .verify(net, design.toAbsolutePath(), Arrays.copyOf(set.images(), nv), Verifier.Settings.defaults(1));
    Map<String, Object> vf = new LinkedHashMap<>();
    vf.put("images", v.images());
    vf.put("mismatches", v.mismatches());
    vf.put("cyclesPerImage", Workload.round3(v.verilatorCyclesPerImage()));
    vf.put("analyticalCyclesPerImage", v.analyticalCyclesPerImage());
    vf.put("cachedBuild", v.buildCached());
    stage("verify rtl (verilator)", t, vf, String.format("%d images: %d mismatches (steady and stalled runs), %.1f cycles per image measured vs %d analytical%s",
        v.images(), v.mismatches(), v.verilatorCyclesPerImage(), v.analyticalCyclesPerImage(), v.buildCached() ? ", cached build" : String.format(", built in %.1f s", v.buildSeconds())));
    v.throwIfMismatch();

    // Stage: streamed throughput comparison (CPU path vs the accelerator's measured cycles).
    t = System.nanoTime();
    Path reportDir = reportRoot.resolve(net.name());
    BenchCommand.Result b = BenchCommand.run(net, set, common, planOptions, design, List.of("verilator", "simulator"), benchImages, true, clockMhz,
        120, reportDir, modelFile, dataSpec);
    BenchReport.Summary s = b.summary();
    Map<String, Object> bf = new LinkedHashMap<>();
    bf.put("speedup", Workload.round3(s.speedup()));
    bf.put("mismatches", s.mismatches());
    stage("benchmark", t, bf, String.format("CPU %.0f images/s (%.1f %% of the XNOR-popcount peak); accelerator %.0f images/s @ %.0f MHz, %.0f @ 200 MHz (assumed); speedup %.1fx; %d mismatches",
        s.cpu().imagesPerSecond(), 100 * s.cpu().popcountPeakFraction(), s.accel().imagesPerSecond(), s.accel().clockMhz(),
        s.accel().imagesPerSecondAt200(), s.speedup(), s.mismatches()));
    if (s.mismatches() != null && s.mismatches() > 0)
      throw new MismatchException(s.mismatches() + " streamed results differ from the CPU path (first: image " + b.firstMismatch() + ")");

    // Stage: the HTML report (the benchmark page with the demo's stages and accuracy on top).
    t = System.nanoTime();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"accuracy", String.format("%.2f %%", 100 * acc.top1()), "top-1 on " + acc.images() + " images of " + dataSpec + " (CPU, bit-exact engine)"});
    for (Stage st : stages) rows.add(new String[] {"stage: " + st.name(), String.format("%.1f s", st.seconds()), st.summary()});
    Path html = BenchReport.write(reportDir, new BenchReport.Summary(s.model(), s.data(), s.plan(), s.cpu(), s.accel(), s.simulations(),
        s.mismatches(), s.checkedImages(), rows));
    stage("report", t, Map.of("report", html.toString()), html.toString());
    return new Hardware(b, html);
  }

  private void stage(String name, long startNanos, Map<String, Object> facts, String summary) {
    double s = (System.nanoTime() - startNanos) / 1e9;
    stages.add(new Stage(name, s, facts, summary));
    common.log(String.format("demo: %s done in %.3f s", name, s));
  }

  /** A path as the user reads it best: relative to the working directory when inside it. */
  private static String shown(Path p) {
    Path abs = p.toAbsolutePath().normalize(), cwd = Path.of("").toAbsolutePath();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : p.toString();
  }

  /**
   * Makes sure the data set is readable; when a named data set that scripts/setup provides is
   * missing (and no --data-dir overrides it), runs scripts/setup. Returns what was installed.
   */
  private List<String> prerequisites(Path root, String dataSpec) throws Exception {
    try {
      Datasets.files(dataSpec, dataDir);
      return List.of();
    } catch (DataException e) {
      boolean setupProvides = dataSpec.startsWith("fashion-mnist:") && dataDir == null && e.getCause() instanceof NoSuchFileException;
      if (!setupProvides) throw e;
    }
    Path setup = root.resolve("scripts").resolve("setup");
    if (!Files.isExecutable(setup))
      throw new ExternalToolException("the Fashion-MNIST data set is missing and " + setup + " is not there to install it");
    common.log("demo: Fashion-MNIST is missing; running scripts/setup to install it");
    ProcessBuilder pb = new ProcessBuilder(setup.toString()).directory(root.toFile()).redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (java.io.IOException e) {
      throw new ExternalToolException("cannot run " + setup + ": " + e.getMessage(), e);
    }
    p.getOutputStream().close();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) common.log(line);
    }
    int code = p.waitFor();
    if (code != 0) throw new ExternalToolException("scripts/setup failed (exit " + code + "); run it by hand to see why");
    Datasets.files(dataSpec, dataDir);
    return List.of("dataset-fashion-mnist");
  }
}
