package org.xnorkit.hwgen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: runs tb_accelerator.sv on a generated design with Icarus Verilog, in the design folder. */
final class IcarusRun {
  private IcarusRun() {}

  record OutBeat(byte[] data, boolean last, long keep, long cycle) {}

  static List<OutBeat> run(Path design, Manifest m, List<byte[]> images, int stallPercent, int seed) throws Exception {
    StreamFormat fmt = new StreamFormat(m);
    StringBuilder stim = new StringBuilder();
    int nIn = 0;
    for (byte[] img : images)
      for (StreamFormat.Beat b : fmt.packImage(img)) {
        // {tlast, tkeep, tdata} as one hex number, most significant first
        java.math.BigInteger v = java.math.BigInteger.valueOf(b.last() ? 1 : 0).shiftLeft(m.inputBusBits() / 8)
            .or(java.math.BigInteger.valueOf(b.keep()).and(java.math.BigInteger.ONE.shiftLeft(m.inputBusBits() / 8).subtract(java.math.BigInteger.ONE)))
            .shiftLeft(m.inputBusBits()).or(le(b.data()));
        stim.append(v.toString(16)).append('\n');
        nIn++;
      }
    Files.writeString(design.resolve("stim.hex"), stim.toString());
    try (InputStream tb = IcarusRun.class.getResourceAsStream("tb_accelerator.sv")) {
      Files.write(design.resolve("tb_accelerator.sv"), tb.readAllBytes());
    }
    int nOut = images.size() * m.outputBeatsPerImage();
    List<String> cmd = new ArrayList<>(List.of("iverilog", "-g2012", "-DENABLE_INITIAL_MEM_", "-o", "tb.vvp", "-s", "tb",
        "-Ptb.IN_BITS=" + m.inputBusBits(), "-Ptb.OUT_BITS=" + m.outputBusBits(), "-Ptb.N_IN=" + nIn, "-Ptb.N_OUT=" + nOut,
        "-Ptb.STALL=" + stallPercent, "-Ptb.SEED=" + seed));
    cmd.addAll(m.files());
    cmd.add("tb_accelerator.sv");
    exec(design, cmd);
    String log = exec(design, List.of("vvp", "-n", "tb.vvp"));
    if (log.contains("TIMEOUT")) throw new AssertionError(log);
    List<OutBeat> out = new ArrayList<>();
    for (String line : Files.readAllLines(design.resolve("resp.txt"))) {
      String[] f = line.trim().split(" ");
      byte[] be = HexFormat.of().parseHex(f[0].length() % 2 == 0 ? f[0] : "0" + f[0]);
      byte[] data = new byte[m.outputBusBits() / 8];
      for (int i = 0; i < data.length; i++) data[i] = be[be.length - 1 - i];
      out.add(new OutBeat(data, f[1].equals("1"), Long.parseLong(f[2], 16), Long.parseLong(f[3])));
    }
    return out;
  }

  private static java.math.BigInteger le(byte[] data) {
    byte[] be = new byte[data.length + 1];
    for (int i = 0; i < data.length; i++) be[be.length - 1 - i] = data[i];
    return new java.math.BigInteger(be);
  }

  static String exec(Path dir, List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(600, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new AssertionError(cmd.get(0) + " timed out"); }
    if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + " failed (" + p.exitValue() + "):\n" + out);
    return out;
  }
}
