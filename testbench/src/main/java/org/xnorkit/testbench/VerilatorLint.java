package org.xnorkit.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xnorkit.model.ExternalToolException;

/**
 * {@code verilator --lint-only -Wall} over a design, with the documented waivers of {@link #WAIVERS}
 * passed as a Verilator configuration file. Every generated design must come out clean.
 */
public final class VerilatorLint {
  /**
   * A lint warning accepted on purpose: Verilator rule, the files it applies to (a glob on the
   * file name, {@code *} for all), the message text it must contain, and why.
   */
  public record Waiver(String rule, String file, String match, String reason) {
    public Waiver(String rule, String match, String reason) { this(rule, "*", match, reason); }
  }

  /**
   * The waivers for generated designs, each with its reason. Keep this list short: a waiver hides
   * a class of warnings in every design.
   */
  public static final List<Waiver> WAIVERS = List.of(
      new Waiver("UNUSEDSIGNAL", "'R0_clk'",
          "firtool gives every memory module a read clock port; the asynchronous-read memories of Chisel's Queue "
              + "(the stream FIFOs) do not use it"),
      new Waiver("UNUSEDSIGNAL", "'casez_tmp_",
          "firtool lowers a dynamic Vec index to a full-width casez temporary even where only its low bits are read"),
      new Waiver("UNUSEDSIGNAL", "'io_in_bits'",
          "a stream beat has lanes its reader never uses by design: input bus bytes past pixelsPerBeat*C, and "
              + "padding lanes when PE or SIMD does not divide a vector; the functional tests check every lane that is used"),
      new Waiver("UNUSEDSIGNAL", "'buf_",
          "the MVTU's double-buffered input vector keeps whole input beats; the high lanes of a vector's last beat "
              + "(past the fan-in, or past K planes) are stored but never read, and synthesis drops them"),
      new Waiver("UNUSEDSIGNAL", "*Mvtu_*", "Bits of signal are not used",
          "an MVTU's registers, weight words and adder-tree sums are as wide as its folding (SIMD lanes x K planes, "
              + "PE lanes, the tree's full width); when SIMD or PE does not divide the vector, or exceeds it, the padding "
              + "lanes and the spare high bits are never read. Whole unused signals are still reported"));

  private VerilatorLint() {}

  /** The outcome: every warning or error line Verilator printed (empty when clean). */
  public record Result(List<String> findings, double seconds) {
    public boolean clean() { return findings.isEmpty(); }
  }

  public static Result check(DesignFiles design, String top) { return check(design, top, WAIVERS); }

  public static Result check(DesignFiles design, String top, List<Waiver> waivers) {
    Path verilator = ExternalTool.require("verilator", "install it: apt-get install verilator");
    Path work = null;
    try {
      work = Files.createTempDirectory("xnorkit-lint-");
      Path vlt = work.resolve("waivers.vlt"), log = work.resolve("lint.log");
      StringBuilder sb = new StringBuilder("`verilator_config\n");
      for (Waiver w : waivers)
        sb.append("// ").append(w.reason().replace('\n', ' ')).append('\n')
            .append("lint_off -rule ").append(w.rule()).append(" -file \"").append(w.file()).append("\" -match \"*").append(w.match()).append("*\"\n");
      Files.writeString(vlt, sb.toString());
      List<String> cmd = new ArrayList<>(List.of(verilator.toString(), "--lint-only", "-Wall",
          "+define+ENABLE_INITIAL_MEM_", "--top-module", top, vlt.toString()));
      for (Path p : design.sources()) cmd.add(p.toString());
      long start = System.nanoTime();
      int rc = ExternalTool.run(cmd, design.dir(), Map.of(), log);
      double seconds = (System.nanoTime() - start) / 1e9;
      List<String> findings = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
          .filter(l -> l.startsWith("%Warning") || l.startsWith("%Error"))
          .filter(l -> !l.startsWith("%Error: Exiting due to"))
          .map(l -> l.replace(design.dir() + "/", "")).toList();
      if (rc != 0 && findings.isEmpty())
        throw new ExternalToolException("verilator --lint-only failed on " + design.dir() + " (exit " + rc + "):\n" + ExternalTool.tail(log, 20));
      return new Result(findings, seconds);
    } catch (IOException e) {
      throw new UncheckedIOException("lint of " + design.dir() + ": " + e.getMessage(), e);
    } finally {
      if (work != null) VerilatorBuild.deleteTree(work);
    }
  }
}
