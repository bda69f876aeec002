package org.xnorkit.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.xnorkit.simulator.unit.QueueModel;
import org.xnorkit.simulator.unit.Stage;

/**
 * Writes the stream handshakes of a run as a Value Change Dump (IEEE 1364 §18), viewable in
 * GTKWave: the clock, s_axis and m_axis valid/ready, every inter-stage stream's valid/ready
 * (named {@code <producer>__<consumer>}), and every FIFO's occupancy. Cycle c's values (the
 * ones just before rising edge c) hold from time 10c to 10c + 5, where the clock rises. Only
 * changes are written. The file appears atomically when the run ends.
 */
final class Vcd implements AutoCloseable {
  private final Path target;
  private final Path tmp;
  private final BufferedWriter out;
  private final Stage[] chain;
  private final int links;
  private final byte[] last;   // last written value per 1-bit signal (−1: never)
  private final int[] lastCount;
  private final String[] countIds;

  Vcd(Path file, Stage[] chain) {
    this.target = file.toAbsolutePath();
    this.chain = chain;
    this.links = chain.length - 1;
    try {
      Path dir = target.getParent();
      Files.createDirectories(dir);
      this.tmp = Files.createTempFile(dir, ".vcd-", ".tmp");
      this.out = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII);
      // 1-bit signals: clock, s_axis valid/ready, each link valid/ready, m_axis valid/ready.
      last = new byte[1 + 2 * (links + 2)];
      java.util.Arrays.fill(last, (byte) -1);
      lastCount = new int[chain.length];
      java.util.Arrays.fill(lastCount, -1);
      countIds = new String[chain.length];
      out.write("$comment xnorkit cycle simulator: stream handshakes (docs/timing.md) $end\n");
      out.write("$timescale 1ns $end\n$scope module Accelerator $end\n");
      var(0, "clock");
      var(1, "s_axis_tvalid");
      var(2, "s_axis_tready");
      for (int l = 0; l < links; l++) {
        String name = stageName(l) + "__" + stageName(l + 1);
        var(3 + 2 * l, name + "_valid");
        var(4 + 2 * l, name + "_ready");
      }
      var(3 + 2 * links, "m_axis_tvalid");
      var(4 + 2 * links, "m_axis_tready");
      for (int s = 0; s < chain.length; s++)
        if (chain[s] instanceof QueueModel q) {
          countIds[s] = "c" + s;
          out.write("$var wire 32 " + countIds[s] + " " + stageName(s) + "_count $end\n");
        }
      out.write("$upscope $end\n$enddefinitions $end\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the VCD file " + file + ": " + e.getMessage(), e);
    }
  }

  private void var(int i, String name) throws IOException { out.write("$var wire 1 s" + i + " " + name + " $end\n"); }

  private static String ident(String s) { return s.replaceAll("[^A-Za-z0-9_]", "_"); }

  /** A stage's signal prefix: FIFOs are named after the unit they feed, so they get a "fifo_" of their own. */
  private String stageName(int s) {
    String n = ident(chain[s].name());
    return s > 0 && chain[s] instanceof QueueModel ? "fifo_" + n : n;
  }

  /** The handshakes of cycle c (before its edge); {@code valid}/{@code ready} per stage. */
  void cycle(long c, boolean sValid, boolean[] valid, boolean[] ready, boolean mReady) {
    try {
      out.write("#" + (10 * c) + "\n");
      put(0, false);
      put(1, sValid);
      put(2, ready[0]);
      for (int l = 0; l < links; l++) {
        put(3 + 2 * l, valid[l]);
        put(4 + 2 * l, ready[l + 1]);
      }
      put(3 + 2 * links, valid[links]);
      put(4 + 2 * links, mReady);
      for (int s = 0; s < chain.length; s++)
        if (countIds[s] != null) {
          int n = ((QueueModel) chain[s]).count();
          if (n != lastCount[s]) {
            lastCount[s] = n;
            out.write("b" + Integer.toBinaryString(n) + " " + countIds[s] + "\n");
          }
        }
      out.write("#" + (10 * c + 5) + "\n");
      put(0, true);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the VCD file " + target + ": " + e.getMessage(), e);
    }
  }

  private void put(int i, boolean v) throws IOException {
    byte b = (byte) (v ? 1 : 0);
    if (last[i] == b) return;
    last[i] = b;
    out.write((v ? "1s" : "0s") + i + "\n");
  }

  @Override public void close() {
    try {
      out.close();
      try {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: keep the default permissions
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the VCD file " + target + ": " + e.getMessage(), e);
    }
  }
}
