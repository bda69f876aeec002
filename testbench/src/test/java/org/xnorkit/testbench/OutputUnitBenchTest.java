package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.hwgen.rtl.OutputBench;
import org.xnorkit.hwgen.rtl.OutputParams;
import org.xnorkit.hwgen.rtl.StreamShape;
import org.xnorkit.simulator.layer.output.OutputRecord;
import org.xnorkit.simulator.layer.output.OutputUnitModel;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * The output unit generator on its own, a sweep of its parameters in one Verilator build: one
 * class and many (two class-bit words), NF = 1 and NF > 1 with PE past the classes, identity and
 * scaled scores (negative scales, 8-byte scores), thresholds of both directions, argmax (ties) and
 * highest-set-bit readouts, bus widths from 1 to 64 bytes (so each of its three stages is the
 * slowest somewhere). Random accumulators (ties included) under random gaps and back-pressure: every
 * record beat at the cycle of {@code OutputUnitModel}, with the data, TKEEP and TLAST of
 * {@code OutputRecord}. {@code XNORKIT_SLOW=1} adds random parameter points. Needs verilator.
 */
class OutputUnitBenchTest {
  static final boolean SLOW = "1".equals(System.getenv("XNORKIT_SLOW"));

  @TempDir Path tmp;

  /** classes, pe, accBits, scaled (0 identity, 1 small, 2 large: 8-byte scores), thresholds, highest set bit, bus bytes. */
  record Point(int classes, int pe, int accBits, int scaled, boolean thresholds, boolean hsb, int busBytes) {}

  static List<Point> ciPoints() {
    return List.of(
        new Point(10, 10, 12, 0, false, false, 8),  // NF = 1: readout (10 cycles) is the slowest stage
        new Point(3, 1, 9, 1, true, true, 8),       // NF = 3 beats, highest set bit
        new Point(1, 1, 5, 0, false, false, 4),     // one class, one beat of everything
        new Point(37, 6, 10, 1, true, false, 16),   // two class-bit words
        new Point(4, 2, 20, 2, true, false, 64),    // 8-byte scores, one record beat
        new Point(5, 2, 7, 1, true, true, 1),       // 1-byte bus: 24 beats, emit is the slowest stage
        new Point(2, 3, 4, 0, true, false, 8),      // PE past the classes
        new Point(6, 1, 3, 1, false, false, 3));    // NF = 6 beats: gather is the slowest stage
  }

  @Test
  void outputUnitsMatchTheirModel() throws Exception {
    SplittableRandom r = new SplittableRandom(81);
    List<Point> points = new ArrayList<>(ciPoints());
    if (SLOW)
      for (int i = 0; i < 16; i++) {
        int classes = 1 + r.nextInt(40);
        points.add(new Point(classes, 1 + r.nextInt(classes + 2), 2 + r.nextInt(20), r.nextInt(3), r.nextBoolean(), r.nextBoolean(),
            1 + r.nextInt(24)));
      }
    List<UnitBenchRig.Dut> duts = new ArrayList<>();
    for (Point p : points) duts.add(dut("out" + duts.size(), p, r));
    UnitBenchRig rig = new UnitBenchRig(duts, tmp.resolve("bench"));
    for (UnitBenchRig.Stalls s : UnitBenchRig.standardRuns(8100)) assertEquals(List.of(), rig.run(s));
    assertEquals(List.of(), rig.lint, "verilator --lint-only -Wall");
    System.out.printf("output unit: %d units x %d runs agree with OutputUnitModel, build %.1f s%s%n", duts.size(),
        UnitBenchRig.standardRuns(0).size(), rig.buildSeconds, rig.cached ? " (cached)" : "");
  }

  static UnitBenchRig.Dut dut(String name, Point pt, SplittableRandom r) {
    int c = pt.classes(), ab = pt.accBits();
    long accLo = -(1L << (ab - 1)), accHi = (1L << (ab - 1)) - 1;
    long[] scale = new long[c], offset = new long[c];
    long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
    for (int i = 0; i < c; i++) {
      scale[i] = pt.scaled() == 0 ? 1 : pt.scaled() == 1 ? r.nextInt(11) - 5 : (r.nextBoolean() ? 1 : -1) * (1L << 14) + r.nextInt(100);
      offset[i] = pt.scaled() == 0 ? 0 : r.nextInt(2001) - 1000;
      long a = scale[i] * accLo + offset[i], b = scale[i] * accHi + offset[i];
      lo = Math.min(lo, Math.min(a, b));
      hi = Math.max(hi, Math.max(a, b));
    }
    int sb = MvtuBenchTest.signedBits(lo, hi);
    int scoreBytes = sb <= 32 ? 4 : 8;
    long[] thr = new long[c];
    boolean[] dir = new boolean[c];
    for (int i = 0; i < c; i++) {
      dir[i] = r.nextBoolean();
      thr[i] = lo - 1 + (long) (r.nextDouble() * (hi - lo + 3));
    }
    OutputParams p = new OutputParams(new StreamShape(ab, pt.pe(), c, 1), c, scale, offset, sb, scoreBytes, pt.thresholds(), thr, dir,
        pt.hsb(), pt.busBytes());
    OutputRecord record = new OutputRecord(p);
    int images = 7, nf = p.in().beatsPerVector();
    long[][] acc = new long[images][c];
    for (long[] a : acc) {
      long tie = accLo + (long) (r.nextDouble() * (accHi - accLo + 1));
      for (int i = 0; i < c; i++) a[i] = r.nextInt(3) == 0 ? tie : accLo + (long) (r.nextDouble() * (accHi - accLo + 1));
    }
    List<byte[]> in = new ArrayList<>(), out = new ArrayList<>();
    for (long[] a : acc) {
      for (int f = 0; f < nf; f++) {
        UnitBenchRig.Bits b = new UnitBenchRig.Bits(p.in().beatBits());
        for (int l = 0; l < pt.pe(); l++) {
          int cls = f * pt.pe() + l;
          b.put((long) l * ab, ab, cls < c ? a[cls] : r.nextLong()); // lanes past the classes: don't care
        }
        in.add(b.b);
      }
      byte[][] beats = record.beats(a);
      int bus = pt.busBytes();
      for (int k = 0; k < beats.length; k++) {
        UnitBenchRig.Bits o = new UnitBenchRig.Bits(bus * 9 + 1);
        for (int i = 0; i < bus; i++) o.put(8L * i, 8, beats[k][i]);
        int keep = Math.min(bus, p.recordBytes() - k * bus);
        o.ones(8L * bus, keep);
        o.put(9L * bus, 1, k == beats.length - 1 ? 1 : 0);
        out.add(o.b);
      }
    }
    String what = name + "(" + c + " classes, pe " + pt.pe() + ", acc " + ab + " bits, scores " + sb + " bits in " + scoreBytes
        + " bytes" + (p.identity() ? "" : ", scaled") + (pt.thresholds() ? ", thresholds" : "") + (pt.hsb() ? ", highest set bit" : ", argmax")
        + ", bus " + pt.busBytes() + " B: " + p.beats() + " beats)";
    return new UnitBenchRig.Dut(what, new OutputBench(p), in.toArray(new byte[0][]), out.toArray(new byte[0][]), null, () -> {
      VectorChannel<long[]> ch = new VectorChannel<>("in");
      for (long[] a : acc) ch.push(a);
      return new OutputUnitModel(name, nf, record, ch);
    }, Map.of());
  }
}
