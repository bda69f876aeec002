package org.xnorkit.hwgen.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.xnorkit.model.ExternalToolException;
import org.xnorkit.model.ModelException;

/**
 * Place and route of an iCE40 synthesis with the open flow: nextpnr-ice40 on the flattened netlist
 * of {@link Yosys} (target ice40), then icepack to a bitstream. Ports are placed by nextpnr (no pin
 * constraints: this measures fit and timing, it is not a board design).
 */
public final class IcePnr {
  /** A supported part: nextpnr's device flag and a package with enough I/O for the AXI4-Stream ports. */
  public enum Device {
    HX1K("--hx1k", "tq144"), HX8K("--hx8k", "ct256"), UP5K("--up5k", "sg48"), LP8K("--lp8k", "cm225");
    final String flag;
    final String pkg;
    Device(String flag, String pkg) { this.flag = flag; this.pkg = pkg; }
    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Device parse(String s) {
      for (Device d : values()) if (d.id().equals(s.toLowerCase(java.util.Locale.ROOT))) return d;
      throw new ModelException("--pnr", null, "unknown iCE40 device '" + s + "' (expected hx1k, hx8k, up5k or lp8k)");
    }
  }

  /**
   * @param fmaxMhz        nextpnr's achieved Fmax of the clock (post-route estimate, its timing model)
   * @param utilization    per bel type: used and available
   * @param bitstream      the icepack output
   * @param bitstreamBytes its size
   */
  public record Result(Device device, String packageName, double fmaxMhz, double targetMhz, Map<String, long[]> utilization,
                       Path bitstream, long bitstreamBytes, double seconds) {}

  private final Consumer<String> progress;
  public IcePnr(Consumer<String> progress) { this.progress = progress; }

  /** Runs nextpnr and icepack on {@code flatJson}, writing report, asc and bin into {@code outDir}. */
  public Result run(Path flatJson, Device device, double targetMhz, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    Path asc = outDir.resolve("Accelerator.asc"), bin = outDir.resolve("Accelerator.bin"), report = outDir.resolve("nextpnr-report.json");
    long t0 = System.nanoTime();
    progress.accept("pnr: nextpnr-ice40 " + device.flag + " --package " + device.pkg + " (" + targetMhz + " MHz target)");
    Path tmpAsc = outDir.resolve("Accelerator.asc.tmp");
    exec(List.of("nextpnr-ice40", device.flag, "--package", device.pkg, "--json", flatJson.toString(), "--asc", tmpAsc.toString(),
        "--report", report.toString(), "--freq", Double.toString(targetMhz), "--seed", "1", "--pcf-allow-unconstrained",
        "--log", outDir.resolve("nextpnr.log").toString()), outDir, "nextpnr-ice40");
    Files.move(tmpAsc, asc, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    progress.accept("pnr: icepack");
    Path tmpBin = outDir.resolve("Accelerator.bin.tmp");
    exec(List.of("icepack", asc.toString(), tmpBin.toString()), outDir, "icepack");
    Files.move(tmpBin, bin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    JsonNode r = new ObjectMapper().readTree(report.toFile());
    Map<String, long[]> util = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = r.path("utilization").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      util.put(e.getKey(), new long[] {e.getValue().path("used").asLong(), e.getValue().path("available").asLong()});
    }
    double fmax = Double.NaN;
    for (Iterator<JsonNode> it = r.path("fmax").elements(); it.hasNext(); ) {
      double a = it.next().path("achieved").asDouble(Double.NaN);
      if (Double.isNaN(fmax) || a < fmax) fmax = a; // the slowest clock domain (there is one: clock)
    }
    return new Result(device, device.pkg, fmax, targetMhz, util, bin, Files.size(bin), (System.nanoTime() - t0) / 1e9);
  }

  private void exec(List<String> cmd, Path dir, String tool) throws IOException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new ExternalToolException("cannot start '" + tool + "' (install it: scripts/setup --fpga): " + e.getMessage(), e);
    }
    ArrayDeque<String> tail = new ArrayDeque<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (tail.size() == 20) tail.removeFirst();
        tail.addLast(line);
        if (line.startsWith("Info: Max frequency") || line.startsWith("Info: Program finished") || line.contains("Placed ") && line.contains("cells")
            || line.startsWith("Info: Routing complete") || line.startsWith("ERROR"))
          progress.accept("pnr: " + line.replaceFirst("^Info: ", ""));
      }
    }
    int rc;
    try { rc = p.waitFor(); } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ExternalToolException(tool + " interrupted", e);
    }
    if (rc != 0) throw new ExternalToolException(tool + " failed (exit " + rc + "):\n  " + String.join("\n  ", tail));
  }
}
