package org.xnorkit.testbench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.xnorkit.simulator.StallStream;

/**
 * The hand-written stand-in DUT of the harness tests (resources dut/accumulator/Accelerator.sv)
 * and a cycle-exact Java model of it under the timing contract, written from docs/timing.md: if
 * the harness and the model agree on every beat and cycle, the harness implements the contract.
 */
final class AccumulatorDut {
  final int in, out, hangAfter;
  final boolean resetAcc;

  AccumulatorDut(int in, int out, int hangAfter, boolean resetAcc) {
    this.in = in;
    this.out = out;
    this.hangAfter = hangAfter;
    this.resetAcc = resetAcc;
  }

  /** Writes the DUT with these parameter defaults (and a filelist.f) into a new directory under {@code parent}. */
  Path writeTo(Path parent) throws IOException {
    String sv;
    try (InputStream s = AccumulatorDut.class.getResourceAsStream("/dut/accumulator/Accelerator.sv")) {
      sv = new String(s.readAllBytes(), StandardCharsets.UTF_8);
    }
    sv = sv.replace("parameter int IN = 16", "parameter int IN = " + in)
        .replace("parameter int OUT = 16", "parameter int OUT = " + out)
        .replace("parameter int HANG_AFTER = -1", "parameter int HANG_AFTER = " + hangAfter)
        .replace("parameter bit RESET_ACC = 1", "parameter bit RESET_ACC = " + (resetAcc ? 1 : 0));
    Path dir = Files.createDirectories(parent.resolve("acc-" + in + "-" + out + "-" + hangAfter + "-" + resetAcc));
    Files.writeString(dir.resolve("Accelerator.sv"), sv);
    Files.writeString(dir.resolve("filelist.f"), "Accelerator.sv\n");
    return dir;
  }

  HarnessConfig config() { return new HarnessConfig("Accelerator", in, out); }

  /** Random images of 1..maxBeats beats with random data and tkeep, tlast on each image's last beat. */
  List<List<AxisBeat>> randomImages(long seed, int images, int maxBeats) {
    Random r = new Random(seed);
    List<List<AxisBeat>> all = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      int n = 1 + r.nextInt(maxBeats);
      List<AxisBeat> beats = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        byte[] data = new byte[in / 8], keep = AxisBeat.allKeep(in / 8);
        r.nextBytes(data);
        for (int k = 0; k < in / 8; k++) if (r.nextInt(4) == 0) keep[k >>> 3] &= (byte) ~(1 << (k & 7));
        beats.add(new AxisBeat(data, keep, b == n - 1));
      }
      all.add(beats);
    }
    return all;
  }

  /** What the harness must log for {@code images} under {@code o}, computed cycle by cycle from the contract. */
  BeatLog model(List<List<AxisBeat>> images, RunOptions o) {
    StallStream gap = StallStream.inputGaps(o.seed(), o.gap()), bp = StallStream.outputBackpressure(o.seed(), o.backpressure());
    List<LoggedBeat> outBeats = new ArrayList<>(), inBeats = new ArrayList<>();
    List<AxisBeat> flat = new ArrayList<>();
    images.forEach(flat::addAll);
    int next = 0, imagesIn = 0, done = 0;
    boolean holding = false, outValid = false;
    long acc = 0, beats = 0, cycle = 0;
    byte[] outData = new byte[out / 8];
    long accMask = out - 8 >= 63 ? -1L : (1L << (out - 8)) - 1;  // byte sums of the tests never reach 2^63
    BeatLog.Status status = BeatLog.Status.DONE;
    for (;; cycle++) {
      if (!holding && next == flat.size() && outBeats.size() >= images.size()) break;
      if (cycle >= o.budget()) { status = BeatLog.Status.TIMEOUT; break; }
      boolean gapNow = gap.stall(), bpNow = bp.stall();
      if (!holding && !gapNow && next < flat.size()) holding = true;
      boolean mReady = !bpNow;
      boolean stuck = hangAfter >= 0 && done >= hangAfter;
      boolean sReady = !stuck && (!outValid || mReady);
      boolean inFire = holding && sReady, outFire = outValid && mReady;
      if (outFire) outBeats.add(new LoggedBeat(cycle, true, AxisBeat.allKeep(out / 8), outData));
      if (outFire) outValid = false;
      if (inFire) {
        AxisBeat b = flat.get(next++);
        inBeats.add(new LoggedBeat(cycle, b.last(), new byte[0], new byte[0]));
        long sum = 0;
        byte[] d = b.data(), k = b.keep();
        for (int i = 0; i < d.length; i++) if ((k[i >>> 3] >>> (i & 7) & 1) != 0) sum += d[i] & 0xff;
        holding = false;
        if (b.last()) {
          long total = (acc + sum) & accMask;
          outData = new byte[out / 8];
          for (int i = 0; i < out / 8 - 1 && i < 8; i++) outData[i] = (byte) (total >>> (8 * i));
          outData[out / 8 - 1] = (byte) (beats + 1);
          outValid = true;
          done++;
          imagesIn++;
          acc = 0;
          beats = 0;
        } else {
          acc = (acc + sum) & accMask;
          beats++;
        }
      }
    }
    return new BeatLog(List.of("m_axis", "s_axis"), List.of(outBeats, inBeats), status, cycle, imagesIn,
        outBeats.size(), inBeats.size(), outBeats.size());
  }
}
