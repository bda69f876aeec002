package org.xnorkit.testbench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xnorkit.model.ExternalToolException;

/**
 * Runs a design in Icarus Verilog (4-state) with {@code xnorkit_tb.sv}, the twin of the
 * Verilator harness under the same timing contract. Registers start at X there, so a value that
 * depends on a register nobody reset shows up as X instead of Verilator's random 2-state value.
 * Meant for small designs: Icarus is some hundred times slower than Verilator.
 */
public final class IcarusRun {
  private IcarusRun() {}

  /**
   * The outcome: the beat log (streams m_axis and s_axis, same cycles as Verilator's) and every
   * X/Z the testbench reported (empty when clean).
   */
  public record Result(BeatLog log, List<String> xProblems, double seconds) {
    public boolean clean() { return xProblems.isEmpty(); }
  }

  /** Compiles and runs {@code design} on {@code images} under the stalls of {@code o}. */
  public static Result run(DesignFiles design, HarnessConfig config, List<List<AxisBeat>> images, RunOptions o) {
    Path iverilog = ExternalTool.require("iverilog", "install it: apt-get install iverilog");
    Path vvp = ExternalTool.require("vvp", "install it: apt-get install iverilog");
    Path work = null;
    try {
      work = Files.createTempDirectory("xnorkit-icarus-");
      int beats = images.stream().mapToInt(List::size).sum();
      Path tb = work.resolve("xnorkit_tb.sv"), vectors = work.resolve("vectors.hex"), out = work.resolve("beats.txt");
      Files.writeString(tb, testbench(config, Math.max(1, beats)));
      writeVectors(vectors, config, images);
      Path log = work.resolve("icarus.log");
      List<String> compile = new ArrayList<>(List.of(iverilog.toString(), "-g2012", "-D" + "ENABLE_INITIAL_MEM_",
          "-s", "xnorkit_tb", "-o", work.resolve("sim.vvp").toString(), tb.toString()));
      for (Path p : design.sources()) compile.add(p.toString());
      int rc = ExternalTool.run(compile, design.dir(), Map.of(), log);
      if (rc != 0) throw new ExternalToolException("iverilog could not compile " + design.dir() + " (exit " + rc + "):\n" + ExternalTool.tail(log, 30));
      long start = System.nanoTime();
      rc = ExternalTool.run(List.of(vvp.toString(), "-n", work.resolve("sim.vvp").toString(),
          "+vectors=" + vectors, "+out=" + out, "+beats=" + beats, "+images=" + images.size(),
          "+outbeats=" + o.outBeatsPerImage(), "+seed=" + Long.toHexString(o.seed()), "+gap=" + o.gap(),
          "+bp=" + o.backpressure(), "+budget=" + o.budget()), design.dir(), Map.of(), log);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (rc != 0 || !Files.exists(out)) throw new ExternalToolException("vvp failed on " + design.dir() + " (exit " + rc + "):\n" + ExternalTool.tail(log, 30));
      List<String> problems = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
          .filter(l -> l.startsWith("xnorkit-tb: X")).toList();
      return new Result(parse(out, config, images, o.outBeatsPerImage()), problems, seconds);
    } catch (IOException e) {
      throw new UncheckedIOException("Icarus run of " + design.dir() + ": " + e.getMessage(), e);
    } finally {
      if (work != null) VerilatorBuild.deleteTree(work);
    }
  }

  static String testbench(HarnessConfig config, int maxBeats) {
    String t;
    try (InputStream in = IcarusRun.class.getResourceAsStream("xnorkit_tb.sv")) {
      t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return t.replace("@TOP@", config.top()).replace("@IN@", Integer.toString(config.inBits()))
        .replace("@OUT@", Integer.toString(config.outBits())).replace("@MAXBEATS@", Integer.toString(maxBeats));
  }

  /** One beat per line: the hex of {tlast, tkeep, tdata}. */
  static void writeVectors(Path file, HarnessConfig config, List<List<AxisBeat>> images) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (List<AxisBeat> image : images)
        for (AxisBeat b : image) {
          BigInteger v = le(b.data()).or(le(b.keep()).shiftLeft(config.inBits()));
          if (b.last()) v = v.setBit(config.inBits() + config.inBits() / 8);
          w.write(v.toString(16));
          w.write('\n');
        }
    }
  }

  private static BeatLog parse(Path out, HarnessConfig config, List<List<AxisBeat>> images, int outBeats) throws IOException {
    List<LoggedBeat> results = new ArrayList<>(), inputs = new ArrayList<>();
    BeatLog.Status status = null;
    long cycles = 0;
    for (String line : Files.readAllLines(out)) {
      String[] f = line.trim().split("\\s+");
      switch (f[0]) {
        case "O" -> {
          boolean x = line.indexOf('x') >= 0 || line.indexOf('z') >= 0;
          results.add(new LoggedBeat(Long.parseLong(f[1]), "1".equals(f[2]),
              x ? new byte[config.outKeepBytes()] : bytes(f[3], config.outKeepBytes()),
              x ? new byte[config.outDataBytes()] : bytes(f[4], config.outDataBytes())));
        }
        case "I" -> inputs.add(new LoggedBeat(Long.parseLong(f[1]), "1".equals(f[2]), new byte[0], new byte[0]));
        case "END" -> {
          cycles = Long.parseLong(f[2]);
          status = "timeout".equals(f[1]) ? BeatLog.Status.TIMEOUT : BeatLog.Status.DONE;
        }
        default -> throw new ExternalToolException(out + ": unexpected line '" + line + "'");
      }
    }
    if (status == null) throw new ExternalToolException(out + ": the Icarus testbench log has no END line (did vvp crash?)");
    long imagesIn = 0, sent = 0;
    for (List<AxisBeat> image : images) {
      sent += image.size();
      if (sent <= inputs.size()) imagesIn++;
    }
    return new BeatLog(List.of("m_axis", "s_axis"), List.of(results, inputs), status, cycles, imagesIn,
        results.size() / outBeats, inputs.size(), results.size());
  }

  private static BigInteger le(byte[] b) {
    byte[] be = new byte[b.length + 1];
    for (int i = 0; i < b.length; i++) be[b.length - i] = b[i];
    return new BigInteger(be);
  }

  private static byte[] bytes(String hex, int n) {
    byte[] be = new BigInteger(hex, 16).toByteArray();
    byte[] le = new byte[n];
    for (int i = 0; i < n && i < be.length; i++) le[i] = be[be.length - 1 - i];
    return le;
  }
}
