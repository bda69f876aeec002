package org.xnorkit.driver;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.StreamFormat;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.testbench.DesignFiles;
import org.xnorkit.testbench.HarnessConfig;
import org.xnorkit.testbench.VerilatorBuild;

/**
 * The generated design under Verilator, as one long-running harness process per session
 * ({@code --stream}, docs/timing.md): images go to its stdin as vector-file records, results come
 * back on its stdout as beat-log records. While its input is empty the harness blocks, so its
 * clock stops: the cycle numbers never depend on how fast this side feeds it. A harness that
 * dies, stops producing beats for longer than its idle cycle budget, or writes a malformed log
 * is a {@link BackendException}.
 */
public final class VerilatorAccelerator implements Accelerator {
  private final Path designDir;
  private final Manifest manifest;
  private final Path executable;
  private final boolean cachedBuild;
  private final double buildSeconds;

  /** Builds (or finds in {@code cacheDir}) the harness of the design in {@code designDir}. */
  public VerilatorAccelerator(Path designDir, Manifest manifest, Path cacheDir) throws IOException {
    this.designDir = designDir.toAbsolutePath().normalize();
    this.manifest = manifest;
    VerilatorBuild.Result r = new VerilatorBuild(cacheDir).build(DesignFiles.of(this.designDir),
        new HarnessConfig(manifest.top(), manifest.inputBusBits(), manifest.outputBusBits()));
    this.executable = r.simulator().executable();
    this.cachedBuild = r.cached();
    this.buildSeconds = r.seconds();
  }

  public boolean cachedBuild() { return cachedBuild; }
  public Path executable() { return executable; }
  public double buildSeconds() { return buildSeconds; }

  @Override public String name() { return "verilator"; }
  @Override public boolean reportsCycles() { return true; }

  /** Cycles without any beat firing after which the harness declares the design hung. */
  long idleBudget() {
    return 4 * (Math.max(1, manifest.cyclesPerImage()) + Math.max(0, manifest.latencyCycles())) + 10_000;
  }

  @Override public Session open() throws IOException {
    List<String> cmd = List.of(executable.toString(), "--stream", "--vectors", "-", "--out", "-",
        "--seed", "0", "--gap", "0", "--backpressure", "0", "--reset", "8",
        "--budget", Long.toString(idleBudget()), "--out-beats", Integer.toString(manifest.outputBeatsPerImage()),
        "+verilator+seed+1", "+verilator+rand+reset+2");
    Path log = Files.createTempFile("xnorkit-harness-", ".log");
    Process p = new ProcessBuilder(cmd).directory(designDir.toFile())
        .redirectError(log.toFile()).start();
    return new StreamSession(p, log, manifest);
  }

  /**
   * Serves the design as a stand-in for a PCIe DMA card ({@link XdmaAccelerator}): the harness
   * reads raw s_axis bytes from the named pipe {@code h2c}, writes raw m_axis bytes to the named
   * pipe {@code c2h} and uses the regular file {@code regs} (zero-filled, {@link XdmaRegisters#SIZE}
   * bytes) as the card's register file. Its messages go to {@code log}.
   */
  public Process serveXdmaStandIn(Path h2c, Path c2h, Path regs, Path log) throws IOException {
    List<String> cmd = List.of(executable.toString(), "--stream", "--vectors", h2c.toAbsolutePath().toString(),
        "--out", c2h.toAbsolutePath().toString(), "--regs", regs.toAbsolutePath().toString(),
        "--raw-in-beats", Long.toString(manifest.inputBeatsPerImage()), "--raw-out",
        "--seed", "0", "--gap", "0", "--backpressure", "0", "--reset", "8",
        "--budget", Long.toString(idleBudget()), "--out-beats", Integer.toString(manifest.outputBeatsPerImage()),
        "+verilator+seed+1", "+verilator+rand+reset+2");
    return new ProcessBuilder(cmd).directory(designDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * Serves the design as a stand-in for a Zynq board's AXI DMA ({@link PynqAccelerator}): {@code regs}
   * (at least 4096 bytes) is the DMA core's register space and {@code buffer} the contiguous DMA
   * buffer at physical address {@code physAddr}, both regular files the harness maps shared.
   */
  public Process servePynqStandIn(Path regs, Path buffer, long physAddr, Path log) throws IOException {
    List<String> cmd = List.of(executable.toString(), "--axidma", regs.toAbsolutePath().toString(),
        "--dmabuf", buffer.toAbsolutePath().toString(), "--phys-base", Long.toString(physAddr),
        "--raw-in-beats", Long.toString(manifest.inputBeatsPerImage()),
        "--seed", "0", "--gap", "0", "--backpressure", "0", "--reset", "8",
        "--budget", Long.toString(idleBudget()), "--out-beats", Integer.toString(manifest.outputBeatsPerImage()),
        "+verilator+seed+1", "+verilator+rand+reset+2");
    return new ProcessBuilder(cmd).directory(designDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Creates a named pipe (mkfifo). */
  public static void mkfifo(Path p) throws IOException {
    try {
      Process mk = new ProcessBuilder("mkfifo", p.toAbsolutePath().toString()).redirectErrorStream(true).start();
      String out = new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (mk.waitFor() != 0) throw new IOException("mkfifo " + p + " failed: " + out.strip());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted in mkfifo", e);
    }
  }

  /** One harness process. */
  static final class StreamSession implements Session {
    private final Process process;
    private final Path stderrLog;
    private final StreamFormat format;
    private final ResultDecoder decoder;
    private final OutputStream toHarness;
    private final DataInputStream fromHarness;
    private final int inBytes, inKeep, outBytes, outKeep;
    private final long inBeatsPerImage;
    private boolean headerSent, headerRead;
    private long inputBeats;                          // s_axis fires seen so far
    private final List<Long> imageStarts = new ArrayList<>(); // first-input cycle of images not yet answered
    private long imagesAnswered;
    private volatile End end;

    StreamSession(Process process, Path stderrLog, Manifest m) {
      this.process = process;
      this.stderrLog = stderrLog;
      this.format = new StreamFormat(m);
      this.decoder = new ResultDecoder(m);
      this.inBytes = m.inputBusBits() / 8;
      this.inKeep = (inBytes + 7) / 8;
      this.outBytes = m.outputBusBits() / 8;
      this.outKeep = (outBytes + 7) / 8;
      this.inBeatsPerImage = m.inputBeatsPerImage();
      this.toHarness = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
      this.fromHarness = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    @Override public String describe() { return "Verilator harness, pid " + process.pid(); }

    long pid() { return process.pid(); }

    @Override public void send(byte[] pixels) throws IOException {
      List<StreamFormat.Beat> beats = format.packImage(pixels);
      try {
        if (!headerSent) sendHeader();
        u32(toHarness, beats.size());
        for (StreamFormat.Beat b : beats) {
          toHarness.write(b.data());
          for (int k = 0; k < inKeep; k++) toHarness.write((int) (b.keep() >>> (8 * k)));
          toHarness.write(b.last() ? 1 : 0);
        }
      } catch (IOException e) {
        throw died("could not send an image (" + e.getMessage() + ")", e);
      }
    }

    @Override public void flush() throws IOException {
      try {
        toHarness.flush();
      } catch (IOException e) {
        throw died("could not send images (" + e.getMessage() + ")", e);
      }
    }

    @Override public void finish() throws IOException {
      try {
        if (!headerSent) sendHeader();
        u32(toHarness, 0);
        toHarness.close();
      } catch (IOException e) {
        throw died("could not end the stream (" + e.getMessage() + ")", e);
      }
    }

    private void sendHeader() throws IOException {
      toHarness.write(new byte[] {'X', 'N', 'K', 'V', 'E', 'C', '1', 0});
      u32(toHarness, inBytes);
      u32(toHarness, inKeep);
      headerSent = true;
    }

    @Override public Output receive() throws IOException {
      try {
        if (!headerRead) readHeader();
        List<byte[]> beats = new ArrayList<>();
        long lastCycle = -1;
        while (true) {
          int kind = fromHarness.read();
          if (kind < 0) throw died("its result stream ended without an end record", null);
          if (kind == 1) {
            int stream = u16(fromHarness);
            long cycle = Long.reverseBytes(fromHarness.readLong());
            boolean last = (fromHarness.readUnsignedByte() & 1) != 0;
            if (stream == 1) {          // an input beat fired
              if (inputBeats % inBeatsPerImage == 0) imageStarts.add(cycle);
              inputBeats++;
              continue;
            }
            if (stream != 0) throw new BackendException("garbage in the result stream: a beat on stream " + stream);
            byte[] keep = new byte[outKeep], data = new byte[outBytes];
            fromHarness.readFully(keep);
            fromHarness.readFully(data);
            beats.add(data);
            boolean shouldBeLast = beats.size() == decoder.beatsPerImage();
            if (last != shouldBeLast)
              throw new BackendException("garbage result: TLAST is " + (last ? "high" : "low") + " on beat " + (beats.size() - 1)
                  + " of " + decoder.beatsPerImage() + " (cycle " + cycle + ")");
            lastCycle = cycle;
            if (shouldBeLast) {
              Inference inf = decoder.decode(beats);
              long start = imageStarts.isEmpty() ? -1 : imageStarts.remove(0);
              imagesAnswered++;
              return new Output(inf, start, lastCycle);
            }
          } else if (kind == 2) {
            int status = fromHarness.readUnsignedByte();
            long cycles = Long.reverseBytes(fromHarness.readLong());
            long in = Long.reverseBytes(fromHarness.readLong()), out = Long.reverseBytes(fromHarness.readLong());
            fromHarness.readLong();
            fromHarness.readLong();
            if (!beats.isEmpty()) throw new BackendException("the stream ended in the middle of a result (" + beats.size() + " beats)");
            if (status == 2)
              throw new BackendException("the design hung: no beat fired for " + "more than the idle budget of cycles; stopped at cycle "
                  + cycles + " with " + in + " images in and " + out + " results out");
            if (status != 0) throw new BackendException("the design called $finish early (cycle " + cycles + ")");
            end = new End(cycles, in, out);
            waitExit();
            return null;
          } else {
            throw new BackendException("garbage in the result stream: record kind " + kind);
          }
        }
      } catch (EOFException e) {
        throw died("its result stream is truncated", e);
      }
    }

    private void readHeader() throws IOException {
      byte[] magic = new byte[8];
      try {
        fromHarness.readFully(magic);
      } catch (EOFException e) {
        throw died("it wrote no result stream", e);
      }
      if (!Arrays.equals(magic, new byte[] {'X', 'N', 'K', 'L', 'O', 'G', '1', 0}))
        throw new BackendException("garbage: the harness output is not a beat log (magic XNKLOG1)");
      int n = Integer.reverseBytes(fromHarness.readInt());
      for (int s = 0; s < n; s++) {
        byte[] name = new byte[u16(fromHarness)];
        fromHarness.readFully(name);
        int db = Integer.reverseBytes(fromHarness.readInt()), kb = Integer.reverseBytes(fromHarness.readInt());
        String nm = new String(name, StandardCharsets.UTF_8);
        if (s == 0 && (!nm.equals("m_axis") || db != outBytes || kb != outKeep))
          throw new BackendException("the harness's stream 0 is " + nm + " with " + db + "+" + kb + " bytes, expected m_axis with " + outBytes + "+" + outKeep);
      }
      headerRead = true;
    }

    private void waitExit() {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The harness is gone or going: say how it ended and what it printed last. */
    private BackendException died(String what, Throwable cause) {
      String how;
      try {
        if (process.waitFor(2, TimeUnit.SECONDS)) {
          int rc = process.exitValue();
          how = rc > 128 ? "was killed by signal " + (rc - 128) : "exited with status " + rc;
        } else how = "is still running";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        how = "is in an unknown state";
      }
      String tail;
      try {
        List<String> lines = Files.readAllLines(stderrLog);
        tail = lines.isEmpty() ? "" : "; its last words: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
      } catch (IOException e) {
        tail = "";
      }
      return new BackendException("the Verilator harness (pid " + process.pid() + ") " + how + ": " + what
          + tail, cause);
    }

    @Override public End end() { return end; }

    @Override public void abort() {
      if (process.isAlive()) process.destroyForcibly();
      try { Files.deleteIfExists(stderrLog); } catch (IOException ignored) { /* a temp file */ }
    }

    @Override public void close() {
      abort();
    }

    private static void u32(OutputStream out, int v) throws IOException {
      out.write(v);
      out.write(v >>> 8);
      out.write(v >>> 16);
      out.write(v >>> 24);
    }

    private static int u16(DataInputStream in) throws IOException {
      return in.readUnsignedByte() | in.readUnsignedByte() << 8;
    }
  }
}
