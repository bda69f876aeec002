package org.xnorkit.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xnorkit.model.ExternalToolException;

/**
 * A built harness executable ({@link VerilatorBuild}). Each {@link #run} writes a vector file,
 * runs the executable with the design directory as working directory (memory files have relative
 * names) and reads back the beat log.
 */
public final class VerilatorSimulator {
  private final Path executable;
  private final HarnessConfig config;

  VerilatorSimulator(Path executable, HarnessConfig config) {
    this.executable = executable;
    this.config = config;
  }

  public Path executable() { return executable; }
  public HarnessConfig config() { return config; }

  /** The outcome of a run: the log and the wall-clock seconds the harness took. */
  public record Run(BeatLog log, double seconds) {}

  /**
   * Streams {@code images} into the design in {@code designDir} under {@code options}. A timeout
   * is not an exception here: the log says {@link BeatLog.Status#TIMEOUT} and how far it got.
   */
  public Run run(Path designDir, List<List<AxisBeat>> images, RunOptions options) {
    Path work = null;
    try {
      work = Files.createTempDirectory("xnorkit-run-");
      Path vectors = work.resolve("vectors.bin"), out = work.resolve("beats.bin"), log = work.resolve("harness.log");
      VectorFile.write(vectors, config.inDataBytes(), config.inKeepBytes(), images);
      List<String> cmd = List.of(executable.toString(),
          "--vectors", vectors.toString(), "--out", out.toString(),
          "--seed", Long.toUnsignedString(options.seed()),
          "--gap", Integer.toString(options.gap()), "--backpressure", Integer.toString(options.backpressure()),
          "--reset", Integer.toString(options.resetCycles()), "--budget", Long.toString(options.budget()),
          "--out-beats", Integer.toString(options.outBeatsPerImage()),
          "+verilator+seed+" + options.verilatorSeed(), "+verilator+rand+reset+2");
      long start = System.nanoTime();
      int rc = ExternalTool.run(cmd, designDir.toAbsolutePath(), Map.of(), log);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (rc != 0 && rc != 2 && rc != 3)
        throw new ExternalToolException("the Verilator harness for " + designDir + " failed (exit " + rc + "):\n" + ExternalTool.tail(log, 20));
      return new Run(BeatLog.read(out), seconds);
    } catch (IOException e) {
      throw new UncheckedIOException("Verilator run of " + designDir + ": " + e.getMessage(), e);
    } finally {
      if (work != null) VerilatorBuild.deleteTree(work);
    }
  }

  /** The first {@code n} raw draws of the two stall streams of {@code seed}, as the C++ harness computes them. */
  public long[][] dumpStalls(long seed, int n) {
    String out = ExternalTool.output(List.of(executable.toString(), "--dump-stalls", Integer.toString(n), "--seed", Long.toUnsignedString(seed)));
    List<String> lines = out.lines().toList();
    if (lines.size() != n) throw new ExternalToolException("--dump-stalls printed " + lines.size() + " lines, expected " + n + ":\n" + out);
    long[][] draws = new long[n][2];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i).trim().split(" ");
      draws[i][0] = Long.parseUnsignedLong(f[0], 16);
      draws[i][1] = Long.parseUnsignedLong(f[1], 16);
    }
    return draws;
  }
}
