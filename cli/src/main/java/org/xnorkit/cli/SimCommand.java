package org.xnorkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.MismatchException;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.simulator.CycleSimulator;
import org.xnorkit.simulator.FifoSizing;
import org.xnorkit.simulator.LayerReport;
import org.xnorkit.simulator.PipelineReport;
import org.xnorkit.simulator.SimOptions;
import org.xnorkit.simulator.SimRun;
import org.xnorkit.simulator.StallStream;
import org.xnorkit.simulator.report.UtilizationChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xnorkit sim}: the generated accelerator in the cycle-accurate Java simulator — what comes
 * out (checked against the reference engine), when (cycles per image, latency), and which layer is
 * the bottleneck — in seconds and without building any RTL.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = {"Simulates the accelerator 'xnorkit gen' would build, cycle by cycle (the same cycles as Verilator, docs/timing.md),",
        "on a data set: results against the reference engine, cycles per image, latency, per-layer busy/starved/blocked",
        "cycles and utilization, the bottleneck, FIFO occupancy; optionally the smallest FIFO depths that cause no stall,",
        "a VCD of the stream handshakes and a utilization chart (HTML or PNG)."})
public final class SimCommand implements Callable<Integer> {
  @Mixin Common common;
  @Mixin ModelDataOptions io;
  @Mixin PlanOptions planOptions;
  @Spec CommandSpec spec;




  @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "Only the first N images (default: all).")
  int limit;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the input-gap and back-pressure streams (docs/timing.md).")
  long seed;

  @Option(names = "--gap", paramLabel = "P", defaultValue = "0", description = "Probability of an input gap per cycle, in [0, 1) (default 0).")
  double gap;

  @Option(names = "--backpressure", paramLabel = "P", defaultValue = "0", description = "Probability of output back-pressure per cycle, in [0, 1) (default 0).")
  double backpressure;

  @Option(names = "--vcd", paramLabel = "F", description = "Write the stream handshakes as a VCD file (GTKWave).")
  Path vcd;

  @Option(names = "--chart", paramLabel = "F", description = "Write the per-layer utilization chart: F.png an image, otherwise an HTML page.")
  Path chart;

  @Option(names = "--suggest-fifos", description = "Also find the smallest FIFO depths with which no result moves (a few more runs).")
  boolean suggestFifos;

  @Override public Integer call() throws Exception {
    int gapUnits = units("--gap", gap), bpUnits = units("--backpressure", backpressure);
    Network net = io.loadModel(common);
    ResolvedPlan plan = planOptions.resolve(net, io.model, common::log);
    Dataset set = io.loadData(net, limit, common);
    CycleSimulator sim;
    try {
      sim = new CycleSimulator(net, plan);
    } catch (IllegalArgumentException e) {
      throw new org.xnorkit.model.ModelException(io.model.toString(), "", null, e.getMessage(), e);
    }
    List<byte[]> images = Arrays.asList(set.images());
    SimOptions options = new SimOptions(seed, gapUnits, bpUnits, 0, false, vcd);
    common.log(String.format("sim: %d images, seed %d, gap %.3f, back-pressure %.3f", images.size(), seed, gapUnits / 65536.0, bpUnits / 65536.0));
    SimRun run = sim.run(images, options, common::log);
    common.log(String.format("sim: %s after %d cycles (%.2f s, %.0f cycles/s)", run.status().name().toLowerCase(), run.cycles(), run.seconds(), run.cyclesPerSecond()));

    Inference[] expected;
    try (ReferenceEngine engine = new ReferenceEngine(net)) {
      expected = engine.inferBatch(set.images());
    }
    int mismatches = 0, firstBad = -1;
    for (int i = 0; i < images.size(); i++) {
      boolean same = i < run.imagesOut() && same(expected[i], sim.decode(run, i));
      if (!same) {
        mismatches++;
        if (firstBad < 0) firstBad = i;
      }
    }
    FifoSizing.Result sizing = null;
    if (suggestFifos && run.status() == SimRun.Status.DONE) {
      common.log("sim: searching the smallest FIFO depths that move no result");
      sizing = FifoSizing.suggest(sim, images, options);
    }
    PipelineReport report = run.report();
    if (chart != null) {
      UtilizationChart.write(report, net.name() + " (" + plan.source() + ")", chart);
      common.log("sim: chart written to " + chart);
    }

    if (common.json()) common.printJson(document(net, plan, set, run, report, mismatches, sizing, gapUnits, bpUnits));
    else print(net, plan, run, report, mismatches, sizing);

    if (run.status() != SimRun.Status.DONE) {
      String why = run.status() == SimRun.Status.DEADLOCK
          ? "deadlock: no beat moved for too long at cycle " + run.cycles() + "; " + String.join("; ", run.stuckState())
          : "the cycle budget ran out at cycle " + run.cycles() + " waiting for the results of image " + run.imagesOut();
      throw new MismatchException("simulation of " + net.name() + " did not finish: " + why);
    }
    if (mismatches > 0)
      throw new MismatchException(mismatches + " of " + images.size() + " images differ from the reference engine; first: image " + firstBad);
    return 0;
  }

  private int units(String option, double p) {
    if (!(p >= 0 && p < 1)) throw new ParameterException(spec.commandLine(), option + " (" + p + ") must be a probability in [0, 1)");
    return StallStream.units(p);
  }

  static boolean same(Inference a, Inference b) {
    return a.predicted() == b.predicted() && Arrays.equals(a.scores(), b.scores()) && Arrays.equals(a.classBits(), b.classBits());
  }

  private Map<String, Object> document(Network net, ResolvedPlan plan, Dataset set, SimRun run, PipelineReport report, int mismatches,
                                       FifoSizing.Result sizing, int gapUnits, int bpUnits) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("model", io.model.toString());
    d.put("name", net.name());
    d.put("plan", plan.source());
    d.put("data", io.data);
    d.put("images", set.size());
    d.put("mismatches", mismatches);
    d.put("status", run.status().name().toLowerCase());
    d.put("cycles", run.cycles());
    d.put("cyclesPerImage", Workload.round3(report.cyclesPerImage()));
    d.put("analyticalCyclesPerImage", plan.cyclesPerImage());
    d.put("latencyCycles", report.latencyCycles());
    d.put("simulatedCyclesPerSecond", Math.round(run.cyclesPerSecond()));
    d.put("seconds", Workload.round3(run.seconds()));
    d.put("seed", seed);
    d.put("gap", gapUnits / 65536.0);
    d.put("backpressure", bpUnits / 65536.0);
    d.put("bottleneck", report.bottleneck());
    List<Map<String, Object>> layers = new ArrayList<>();
    for (LayerReport l : report.layers()) layers.add(layer(l));
    d.put("layers", layers);
    if (sizing != null) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("depths", sizing.depths());
      f.put("cyclesPerImage", Workload.round3(sizing.cyclesPerImage()));
      f.put("cycles", sizing.cycles());
      f.put("runs", sizing.runs());
      d.put("fifoSuggestion", f);
    }
    if (vcd != null) d.put("vcd", vcd.toString());
    if (chart != null) d.put("chart", chart.toString());
    if (!run.stuckState().isEmpty()) d.put("stuckState", run.stuckState());
    return d;
  }

  private static Map<String, Object> layer(LayerReport l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", l.name());
    m.put("kind", l.kind());
    m.put("pe", l.pe());
    m.put("simd", l.simd());
    m.put("nf", l.nf());
    m.put("sf", l.sf());
    m.put("busyCycles", l.busy());
    m.put("starvedCycles", l.starved());
    m.put("blockedCycles", l.blocked());
    m.put("utilization", Workload.round6(l.utilization()));
    m.put("estimatedCyclesPerImage", l.estimatedCyclesPerImage());
    m.put("initiationInterval", nan(l.initiationInterval()));
    m.put("latencyCycles", nan(l.latencyCycles()));
    m.put("maxLatencyCycles", l.maxLatencyCycles());
    m.put("fifoDepth", l.fifoDepth());
    m.put("fifoMaxOccupancy", l.fifoMaxOccupancy());
    m.put("fifoNeededDepth", l.fifoNeededDepth());
    m.put("fifoStallCycles", l.fifoStallCycles());
    return m;
  }

  /** JSON has no NaN: an undefined figure (fewer than two images through a unit) is null. */
  private static Object nan(double v) { return Double.isNaN(v) ? null : Workload.round3(v); }

  private void print(Network net, ResolvedPlan plan, SimRun run, PipelineReport r, int mismatches, FifoSizing.Result sizing) {
    var out = common.out();
    out.printf("%s (%s): %d images, %d mismatches against the reference engine%n", net.name(), plan.source(), run.images(), mismatches);
    out.printf("%d cycles: %.1f cycles per image (analytical %d), latency %d cycles, %.0f simulated cycles/s%n",
        run.cycles(), r.cyclesPerImage(), plan.cyclesPerImage(), r.latencyCycles(), run.cyclesPerSecond());
    out.printf("%-10s %5s %5s %6s %6s %10s %10s %10s %6s %9s %9s %9s  %s%n", "unit", "pe", "simd", "nf", "sf", "busy", "starved", "blocked",
        "util", "cyc/img", "latency", "fifo", "max/needed/stalls");
    for (LayerReport l : r.layers())
      out.printf("%-10s %5d %5d %6d %6d %10d %10d %10d %5.1f%% %9s %9s %9d  %d/%d/%d%s%n", l.name(), l.pe(), l.simd(), l.nf(), l.sf(), l.busy(),
          l.starved(), l.blocked(), 100 * l.utilization(), fmt(l.initiationInterval()), fmt(l.latencyCycles()), l.fifoDepth(),
          l.fifoMaxOccupancy(), l.fifoNeededDepth(), l.fifoStallCycles(), l.name().equals(r.bottleneck()) ? "  <- bottleneck" : "");
    if (sizing != null)
      out.printf("smallest FIFO depths that move no result: %s (%.1f cycles per image)%n", sizing.depths(), sizing.cyclesPerImage());
    if (!run.stuckState().isEmpty()) for (String s : run.stuckState()) out.println("  " + s);
    out.flush();
  }

  private static String fmt(double v) { return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.1f", v); }
}
