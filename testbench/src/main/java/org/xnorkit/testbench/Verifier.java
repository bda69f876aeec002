package org.xnorkit.testbench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.StreamFormat;
import org.xnorkit.model.MismatchException;
import org.xnorkit.model.Network;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.engine.Trace;
import org.xnorkit.simulator.StallStream;

/**
 * Verifies a generated design against the reference engine in Verilator, under the timing
 * contract (docs/timing.md):
 *
 * <ol>
 *   <li>a steady run (no gaps, no back-pressure): every image's result, and the steady-state
 *       cycles per image compared with the analytical initiation interval;</li>
 *   <li>the same run with a second Verilator seed: every beat and cycle must be identical (results
 *       must not depend on Verilator's random initial state);</li>
 *   <li>one run per stall seed with random input gaps and output back-pressure: every result;</li>
 *   <li>on a mismatch, a debug build that records every inter-layer stream replays the run up to
 *       the first bad image and names the first layer whose output differs from
 *       {@link ReferenceEngine#trace}.</li>
 * </ol>
 *
 * One build (cached by content) serves all runs. A run that exhausts its cycle budget is a
 * failure naming the image it was waiting for; it never hangs the caller.
 */
public final class Verifier {
  /**
   * What to run. {@code stallSeeds} each add a run with gap and back-pressure probabilities
   * {@code gap} and {@code backpressure} (units of 1/65536); {@code localize} enables the debug
   * build on a mismatch.
   */
  public record Settings(List<Long> stallSeeds, int gap, int backpressure, boolean localize) {
    public Settings {
      stallSeeds = List.copyOf(stallSeeds);
      if (gap < 0 || gap >= StallStream.ONE || backpressure < 0 || backpressure >= StallStream.ONE)
        throw new IllegalArgumentException("stall probabilities must be in [0, 1)");
    }

    /** One stalled run with seed {@code seed}, 25 % gaps and 25 % back-pressure. */
    public static Settings defaults(long seed) { return new Settings(List.of(seed), StallStream.units(0.25), StallStream.units(0.25), true); }
  }

  /**
   * The first layer whose output differs, from the debug build: {@code element} is the HWC index
   * of the first differing element (-1 when the stream had the wrong number of beats).
   */
  public record LayerDiff(String layer, int layerIndex, int element, int expected, int actual, String detail) {}

  /**
   * One image whose result differs in one run ({@code run}: "steady", "verilator seed V",
   * "stall seed S"). {@code actual} is null when the image produced no result. {@code layer}
   * is filled in for the first mismatch when localization ran and found one.
   */
  public record Mismatch(int image, String run, Inference expected, Inference actual, String detail, LayerDiff layer) {
    public String describe() {
      String s = "image " + image + " (" + run + "): " + detail;
      if (layer != null) s += "; first differing layer: " + layer.layer() + " (" + layer.detail() + ")";
      return s;
    }
  }

  /**
   * The outcome. {@code mismatches} counts images with at least one bad result over all runs;
   * {@code verilatorCyclesPerImage} is NaN with fewer than 2 images.
   */
  public record Report(int images, int mismatches, List<Mismatch> details, double verilatorCyclesPerImage,
                       long analyticalCyclesPerImage, long latencyCycles, double buildSeconds, boolean buildCached,
                       double runSeconds, long steadyCycles, List<Long> stallSeeds, String buildKey) {
    public Report {
      details = List.copyOf(details);
      stallSeeds = List.copyOf(stallSeeds);
    }

    /** Steady-state cycles per image over the analytical initiation interval (1.0 = as estimated). */
    public double cyclesRatio() { return verilatorCyclesPerImage / analyticalCyclesPerImage; }

    public Mismatch firstMismatch() { return details.isEmpty() ? null : details.get(0); }

    /** Throws a {@link MismatchException} naming the first bad image and layer, when there is one. */
    public void throwIfMismatch() {
      if (mismatches > 0)
        throw new MismatchException(mismatches + " of " + images + " images differ from the reference engine; first: " + firstMismatch().describe());
    }
  }

  private final VerilatorBuild builds;
  private final Consumer<String> progress;

  /** @param progress receives one line per stage (build, each run) */
  public Verifier(VerilatorBuild builds, Consumer<String> progress) {
    this.builds = builds;
    this.progress = progress;
  }

  /** Sees each Verilator run of a verification with its options, e.g. to run the cycle simulator beside it ({@link CycleCheck}). */
  public interface RunListener {
    void onRun(String run, RunOptions options, VerilatorSimulator.Run result);
  }

  private final List<RunListener> listeners = new ArrayList<>();

  /** Adds a listener called after every run of {@link #verify} (not the debug replays). */
  public Verifier listen(RunListener listener) {
    listeners.add(listener);
    return this;
  }

  private void notify(String run, RunOptions options, VerilatorSimulator.Run result) {
    for (RunListener l : listeners) l.onRun(run, options, result);
  }

  /** Verifies the design in {@code designDir} (generated from {@code net}) on {@code images}. */
  public Report verify(Network net, Path designDir, byte[][] images, Settings settings) throws IOException {
    if (images.length == 0) throw new IllegalArgumentException("no images to verify");
    Manifest manifest = Manifest.read(designDir);
    DesignFiles design = DesignFiles.of(designDir);
    HarnessConfig config = harnessConfig(manifest, List.of());
    StreamFormat format = new StreamFormat(manifest);

    progress.accept("verilate: building " + designDir + " (" + design.sources().size() + " files)");
    VerilatorBuild.Result build = builds.build(design, config);
    progress.accept(build.cached() ? "verilate: cached build " + build.key() : String.format("verilate: built in %.1f s", build.seconds()));

    Inference[] expected;
    try (ReferenceEngine engine = new ReferenceEngine(net)) {
      expected = engine.inferBatch(images);
    }
    List<List<AxisBeat>> vectors = pack(format, images);
    int outBeats = manifest.outputBeatsPerImage();
    long ii = manifest.cyclesPerImage();
    List<Mismatch> mismatches = new ArrayList<>();
    TreeSet<Integer> badImages = new TreeSet<>();
    double runSeconds = 0;

    RunOptions steady = RunOptions.steady(RunOptions.budget(ii, manifest.latencyCycles(), images.length, 0, 0), outBeats);
    progress.accept("simulate: steady run, " + images.length + " images");
    VerilatorSimulator.Run first = build.simulator().run(designDir, vectors, steady);
    runSeconds += first.seconds();
    compare(first.log(), "steady", format, expected, mismatches, badImages);
    notify("steady", steady, first);

    progress.accept("simulate: steady run with another Verilator seed");
    VerilatorSimulator.Run second = build.simulator().run(designDir, vectors, steady.withVerilatorSeed(2));
    runSeconds += second.seconds();
    notify("verilator seed 2", steady.withVerilatorSeed(2), second);
    String seedDiff = firstDifference(first.log(), second.log());
    if (seedDiff != null) {
      mismatches.add(new Mismatch(firstImageOf(first.log(), second.log(), outBeats), "verilator seed 2",
          null, null, "the run differs from the one with Verilator seed 1: " + seedDiff, null));
      badImages.add(mismatches.get(mismatches.size() - 1).image());
    }

    java.util.Map<String, RunOptions> runs = new java.util.HashMap<>();
    runs.put("steady", steady);
    for (long s : settings.stallSeeds()) {
      RunOptions o = new RunOptions(s, settings.gap(), settings.backpressure(), 3, RunOptions.RESET_CYCLES,
          RunOptions.budget(ii, manifest.latencyCycles(), images.length, settings.gap(), settings.backpressure()), outBeats);
      String name = "stall seed " + Long.toUnsignedString(s);
      runs.put(name, o);
      progress.accept("simulate: " + name + ", " + images.length + " images");
      VerilatorSimulator.Run r = build.simulator().run(designDir, vectors, o);
      runSeconds += r.seconds();
      compare(r.log(), name, format, expected, mismatches, badImages);
      notify(name, o, r);
    }

    // Localize the first mismatch that is a wrong result (not a timeout or a seed dependence).
    for (int i = 0; i < mismatches.size() && settings.localize(); i++) {
      Mismatch m = mismatches.get(i);
      if (m.actual() == null || !runs.containsKey(m.run())) continue;
      LayerDiff layer = localize(net, manifest, design, vectors, images, m.image(), runs.get(m.run()));
      mismatches.set(i, new Mismatch(m.image(), m.run(), m.expected(), m.actual(), m.detail(), layer));
      break;
    }

    double cpi = cyclesPerImage(first.log(), outBeats);
    return new Report(images.length, badImages.size(), mismatches, cpi, ii, manifest.latencyCycles(), build.seconds(), build.cached(),
        runSeconds, first.log().cycles(), settings.stallSeeds(), build.key());
  }

  /** The harness configuration of a generated design (probes for a debug build). */
  static HarnessConfig harnessConfig(Manifest m, List<Probe> probes) {
    return new HarnessConfig(m.top(), m.inputBusBits(), m.outputBusBits(), probes);
  }

  /** Every image as its s_axis beats (StreamFormat's packing). */
  static List<List<AxisBeat>> pack(StreamFormat format, byte[][] images) {
    int bytes = format.inputBeatBytes();
    List<List<AxisBeat>> all = new ArrayList<>(images.length);
    for (byte[] image : images) {
      List<AxisBeat> beats = new ArrayList<>();
      for (StreamFormat.Beat b : format.packImage(image)) {
        byte[] keep = new byte[(bytes + 7) / 8];
        for (int i = 0; i < bytes && i < 64; i++) if ((b.keep() >>> i & 1) != 0) keep[i >>> 3] |= (byte) (1 << (i & 7));
        beats.add(new AxisBeat(b.data(), keep, b.last()));
      }
      all.add(beats);
    }
    return all;
  }

  /** Decodes each image's result beats and compares them with the reference; a timeout is one mismatch naming its image. */
  private static void compare(BeatLog log, String run, StreamFormat format, Inference[] expected,
                              List<Mismatch> out, TreeSet<Integer> bad) {
    int per = format.outputBeatsPerImage();
    List<LoggedBeat> beats = log.output();
    for (int i = 0; i < expected.length; i++) {
      if ((long) (i + 1) * per > beats.size()) {
        String why = switch (log.status()) {
          case TIMEOUT -> "timeout: no result after " + log.cycles() + " cycles (the cycle budget); the design hung on image " + i
              + " (" + log.imagesIn() + " images fully sent, " + log.beatsIn() + " input beats)";
          case FINISHED_EARLY -> "the design called $finish after " + log.cycles() + " cycles, before the result of image " + i;
          case DONE -> "no result";
        };
        out.add(new Mismatch(i, run, expected[i], null, why, null));
        for (int j = i; j < expected.length; j++) bad.add(j);  // no later image has a result either
        return;
      }
      List<byte[]> data = new ArrayList<>(per);
      String protocol = null;
      for (int b = 0; b < per; b++) {
        LoggedBeat beat = beats.get(i * per + b);
        data.add(beat.data());
        if (beat.last() != (b == per - 1) && protocol == null)
          protocol = "tlast is " + (beat.last() ? 1 : 0) + " on result beat " + b + " of " + per;
      }
      Inference actual = format.decodeOutput(data);
      if (!actual.equals(expected[i]) || protocol != null) {
        out.add(new Mismatch(i, run, expected[i], actual, protocol != null ? protocol : "expected " + expected[i] + ", got " + actual, null));
        bad.add(i);
      }
    }
    if (beats.size() > expected.length * per) {
      out.add(new Mismatch(expected.length - 1, run, null, null, (beats.size() - expected.length * per) + " result beats more than the images produce", null));
      bad.add(expected.length - 1);
    }
  }

  /** Steady-state cycles per image (docs/timing.md): spacing of the last result beats over the second half of the images. */
  static double cyclesPerImage(BeatLog log, int outBeats) {
    List<LoggedBeat> beats = log.output();
    int n = beats.size() / outBeats;
    if (n < 2) return Double.NaN;
    int h = n / 2;
    if (n - 1 - h < 1) h = 0;
    long last = beats.get(n * outBeats - 1).cycle(), mid = beats.get((h + 1) * outBeats - 1).cycle();
    return (double) (last - mid) / (n - 1 - h);
  }

  /** The first beat (stream, index) where two logs differ, or null when they are identical. */
  static String firstDifference(BeatLog a, BeatLog b) {
    for (int s = 0; s < Math.min(a.streams().size(), b.streams().size()); s++) {
      List<LoggedBeat> x = a.streams().get(s), y = b.streams().get(s);
      for (int i = 0; i < Math.min(x.size(), y.size()); i++)
        if (!x.get(i).equals(y.get(i)))
          return a.streamNames().get(s) + " beat " + i + ": " + x.get(i) + " vs " + y.get(i);
      if (x.size() != y.size()) return a.streamNames().get(s) + " has " + x.size() + " vs " + y.size() + " beats";
    }
    if (a.cycles() != b.cycles()) return "the runs end at cycles " + a.cycles() + " vs " + b.cycles();
    return null;
  }

  private static int firstImageOf(BeatLog a, BeatLog b, int outBeats) {
    List<LoggedBeat> x = a.output(), y = b.output();
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) if (!x.get(i).equals(y.get(i))) return i / outBeats;
    return Math.min(x.size(), y.size()) / outBeats;
  }

  // ---- Localization: the debug build records the output stream of every compute layer. ----

  /**
   * Replays images 0..{@code image} in a debug build and compares each hidden compute layer's
   * output stream for image {@code image} with the reference trace; returns the first layer (in
   * network order) that differs, the output layer when every hidden layer agrees, or null when
   * the design's layer streams cannot be probed (the reason goes to progress).
   */
  LayerDiff localize(Network net, Manifest manifest, DesignFiles design, List<List<AxisBeat>> vectors, byte[][] images,
                     int image, RunOptions options) throws IOException {
    List<LayerStreams.Stream> streams;
    try {
      streams = LayerStreams.of(net, manifest, design);
    } catch (IllegalStateException e) {
      progress.accept("debug: cannot probe the layer streams: " + e.getMessage());
      return null;
    }
    List<Probe> probes = streams.stream().map(LayerStreams.Stream::probe).toList();
    progress.accept("debug: building with " + probes.size() + " layer probes");
    VerilatorBuild.Result build = builds.build(design, harnessConfig(manifest, probes));
    List<List<AxisBeat>> prefix = vectors.subList(0, image + 1);
    RunOptions o = options.withBudget(RunOptions.budget(manifest.cyclesPerImage(), manifest.latencyCycles(), image + 1,
        options.gap(), options.backpressure()));
    progress.accept("debug: replaying images 0.." + image);
    BeatLog log = build.simulator().run(design.dir(), prefix, o).log();
    Trace trace;
    try (ReferenceEngine engine = new ReferenceEngine(net, 1)) {
      trace = engine.trace(images[image]);
    }
    for (LayerStreams.Stream s : streams) {
      List<LoggedBeat> beats = log.stream(s.probe().name());
      int per = s.beatsPerImage();
      if (beats == null || beats.size() < (long) (image + 1) * per)
        return new LayerDiff(s.layer(), s.layerIndex(), -1, 0, 0, "its stream carried " + (beats == null ? 0 : beats.size())
            + " beats, expected " + per + " per image for " + (image + 1) + " images");
      int[] actual = s.decode(beats.subList(image * per, (image + 1) * per));
      int[] want = trace.output(s.layerIndex());
      for (int e = 0; e < want.length; e++)
        if (actual[e] != want[e])
          return new LayerDiff(s.layer(), s.layerIndex(), e, want[e], actual[e],
              "element " + e + ": expected level " + want[e] + ", got " + (actual[e] < 0 ? "a non-thermometer code" : "level " + actual[e]));
    }
    int out = net.layers().size() - 1;
    return new LayerDiff(net.layers().get(out).name(), out, -1, 0, 0, "every hidden layer agrees with the reference; the output layer or output unit differs");
  }
}
