package org.xnorkit.driver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.model.Network;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.stats.NetworkStats;

/**
 * The throughput comparison: the CPU path (reference engine, all cores, batched) against the
 * generated accelerator. The accelerator's speed is f_clk / steady-state cycles per image, the
 * cycles measured in a cycle-accurate simulation (or, without one, the analytical estimate, and
 * labelled so); how fast each simulation itself ran is reported apart, as simulation speed.
 */
public final class Benchmark {
  /** The CPU side: throughput over the data set, single-image latency, and the popcount peak. */
  public record Cpu(int images, int threads, double seconds, double imagesPerSecond, double latencyMicros,
                    long binaryOpsPerImage, double binaryOpsPerSecond, double peakBinaryOpsPerSecond,
                    double popcountPeakFraction, int peakThreads) {}

  /** How fast one simulation backend ran in wall-clock time (not the accelerator's speed). */
  public record Simulation(String backend, int images, double wallSeconds, long cycles, double imagesPerSecond,
                           double cyclesPerSecond, double buildSeconds, boolean cachedBuild) {}

  /**
   * The accelerator at {@code clockMhz}: cycles per image in steady state and the latency of one
   * image through the empty pipeline, both from {@code source} ("verilator", "simulator" or
   * "analytical" when no simulation ran).
   */
  public record Accel(String source, double cyclesPerImage, long analyticalCyclesPerImage, long latencyCycles,
                      double clockMhz, double imagesPerSecond, double latencyMicros, double imagesPerSecondAt200) {
    public static Accel of(String source, double cyclesPerImage, long analytical, long latencyCycles, double clockMhz) {
      return new Accel(source, cyclesPerImage, analytical, latencyCycles, clockMhz, clockMhz * 1e6 / cyclesPerImage,
          latencyCycles / clockMhz, 200e6 / cyclesPerImage);
    }
  }

  /** What one backend's streamed run produced. */
  public record StreamRun(String backend, List<StreamingDriver.Result> results, StreamingDriver.Report report) {}

  private Benchmark() {}

  /** Binary operations of one image (NetworkStats' definition: XNOR-popcount MACs of one bit). */
  public static long binaryOpsPerImage(Network net) { return NetworkStats.of(net).total().binaryOps(); }

  /**
   * The CPU path over {@code images}: a warm-up pass, then a timed pass of {@code inferBatch} over
   * all of them; latency is the median of single-image calls on one thread. The peak is measured
   * right after, in the same run, on as many threads as the engine uses.
   */
  public static Cpu cpu(Network net, byte[][] images, PopcountPeak.Peak peak, Consumer<String> log) {
    try (ReferenceEngine engine = new ReferenceEngine(net)) {
      engine.inferBatch(Arrays.copyOf(images, Math.min(images.length, 2000)));  // JIT warm-up
      long start = System.nanoTime();
      int passes = 0;
      double seconds;
      do {  // at least one pass and about a second, so a small set still gives a stable figure
        engine.inferBatch(images);
        passes++;
        seconds = (System.nanoTime() - start) / 1e9;
      } while (seconds < 1.0 && passes < 50);
      int done = passes * images.length;
      double ips = done / seconds;
      int samples = Math.min(500, images.length);
      long[] lat = new long[samples];
      for (int i = 0; i < samples; i++) {
        long t = System.nanoTime();
        engine.infer(images[i]);
        lat[i] = System.nanoTime() - t;
      }
      Arrays.sort(lat);
      double latencyMicros = lat[samples / 2] / 1e3;
      long bops = binaryOpsPerImage(net);
      double bopsPerSecond = bops * ips;
      log.accept(String.format("cpu: %.0f images/s on %d threads (%d images x %d passes), latency %.1f us", ips, engine.threads(), images.length, passes, latencyMicros));
      return new Cpu(done, engine.threads(), seconds, ips, latencyMicros, bops, bopsPerSecond, peak.binaryOpsPerSecond(),
          bopsPerSecond / peak.binaryOpsPerSecond(), peak.threads());
    }
  }

  /** Streams {@code images} through {@code acc}; {@code progress} gets the count of results so far. */
  public static StreamRun stream(Accelerator acc, byte[][] images, StreamingDriver.Options options, Consumer<Integer> progress) throws IOException {
    List<StreamingDriver.Result> results = new ArrayList<>(images.length);
    StreamingDriver.Report report = new StreamingDriver(options).run(acc, Arrays.asList(images), r -> {
      results.add(r);
      progress.accept(results.size());
    });
    return new StreamRun(acc.name(), results, report);
  }

  /**
   * Steady-state cycles per image (docs/timing.md): the spacing of consecutive images' last result
   * beats over the second half of the run, {@code (last[n-1] - last[h]) / (n-1-h)}, h = n/2.
   */
  public static double steadyCyclesPerImage(List<StreamingDriver.Result> results) {
    int n = results.size();
    if (n < 3) throw new IllegalArgumentException("steady-state cycles need at least 3 images, got " + n);
    int h = n / 2;
    return (results.get(n - 1).lastOutputCycle() - results.get(h).lastOutputCycle()) / (double) (n - 1 - h);
  }

  /** The accelerator figures from a cycle-accurate run. */
  public static Accel accel(StreamRun run, Manifest m, double clockMhz) {
    StreamingDriver.Result first = run.results().get(0);
    long latency = first.lastOutputCycle() - first.firstInputCycle();  // first input beat fired → last result beat fired
    return Accel.of(run.backend(), steadyCyclesPerImage(run.results()), m.cyclesPerImage(), latency, clockMhz);
  }

  /** The accelerator figures from the manifest alone (no simulation ran): labelled "analytical". */
  public static Accel analytical(Manifest m, double clockMhz) {
    return Accel.of("analytical", m.cyclesPerImage(), m.cyclesPerImage(), m.latencyCycles(), clockMhz);
  }

  /** Simulation speed of a run. */
  public static Simulation simulation(StreamRun run, double buildSeconds, boolean cached) {
    long cycles = run.report().end() == null ? -1 : run.report().end().cycles();
    double s = run.report().seconds();
    return new Simulation(run.backend(), run.report().images(), s, cycles, run.report().imagesPerSecond(),
        cycles >= 0 && s > 0 ? cycles / s : 0, buildSeconds, cached);
  }

  /** Results that differ from the CPU path's, by image id (every field: predicted class, scores, class bits). */
  public static List<Integer> mismatches(List<StreamingDriver.Result> results, Inference[] reference) {
    List<Integer> bad = new ArrayList<>();
    for (StreamingDriver.Result r : results) if (!r.inference().equals(reference[r.id()])) bad.add(r.id());
    return bad;
  }
}
