package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.hwgen.plan.CostModel;
import org.xnorkit.hwgen.rtl.MvtuBench;
import org.xnorkit.hwgen.rtl.MvtuParams;
import org.xnorkit.hwgen.rtl.StreamShape;
import org.xnorkit.simulator.unit.MvtuModel;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * The MVTU generator on its own, a sweep of its parameters in one Verilator build: PE = MH and
 * SIMD = MW, PE = SIMD = 1, foldings that divide nothing, PE past the outputs and SIMD past the
 * row, K = 1..3 input planes, int8 first-layer lanes, K = 1..3 thresholds of both directions (ties
 * included), raw accumulators (the output layer), conv geometry (k² rows of C), dense reads of a
 * pixel stream with padded beats, deep adder trees, sizes of 1, systolic PE groups. Each unit gets random weights,
 * thresholds and input vectors (don't-care lanes random) under random gaps and back-pressure, and
 * must match its cycle model ({@code MvtuModel}) beat for beat and, in data, a plain Java
 * evaluation of the matrix, written here from docs/timing.md ("MVTU"). {@code XNORKIT_SLOW=1} adds
 * random parameter points. Needs verilator (fails without it).
 */
class MvtuBenchTest {
  static final boolean SLOW = "1".equals(System.getenv("XNORKIT_SLOW"));

  @TempDir Path tmp;

  /**
   * One parameter point. The input stream is {@code streamRows} rows of {@code streamRowElems}
   * elements in beats of {@code beatElems}; the MVTU sees it as {@code chunkRows} × {@code chunkRowElems}.
   */
  record Point(boolean int8, int inK, int streamRows, int streamRowElems, int beatElems, int chunkRows, int chunkRowElems,
               int simd, int pe, int outputs, int thresholdK, int levelsPerStage, int peGroup) {
    Point(boolean int8, int inK, int streamRows, int streamRowElems, int beatElems, int chunkRows, int chunkRowElems,
          int simd, int pe, int outputs, int thresholdK, int levelsPerStage) {
      this(int8, inK, streamRows, streamRowElems, beatElems, chunkRows, chunkRowElems, simd, pe, outputs, thresholdK, levelsPerStage,
          CostModel.PE_GROUP);
    }
    static Point dense(boolean int8, int inK, int fanIn, int beatElems, int simd, int pe, int outputs, int thresholdK) {
      return new Point(int8, inK, 1, fanIn, beatElems, 1, fanIn, simd, pe, outputs, thresholdK, 3);
    }
    Point withPeGroup(int g) {
      return new Point(int8, inK, streamRows, streamRowElems, beatElems, chunkRows, chunkRowElems, simd, pe, outputs, thresholdK, levelsPerStage, g);
    }
    int fanIn() { return streamRows * streamRowElems; }
  }

  static List<Point> ciPoints() {
    return List.of(
        Point.dense(false, 1, 9, 9, 9, 7, 7, 1),       // PE = MH, SIMD = MW: one cycle per vector
        Point.dense(false, 2, 5, 2, 1, 1, 3, 2),       // PE = SIMD = 1, K = 2 in and out
        Point.dense(false, 3, 13, 4, 5, 4, 11, 3),     // nothing divides; K = 3
        Point.dense(false, 1, 3, 3, 4, 2, 5, 1),       // SIMD past the row
        Point.dense(false, 1, 10, 3, 3, 4, 3, 2),      // PE past the outputs
        Point.dense(true, 1, 12, 4, 5, 3, 7, 2),       // int8 lanes, padded folding
        Point.dense(true, 1, 6, 6, 6, 4, 4, 1),        // int8, fully parallel
        Point.dense(false, 1, 20, 8, 7, 2, 5, 0),      // raw accumulators (output layer), padded beats
        Point.dense(true, 1, 9, 2, 4, 3, 4, 0),        // int8 raw accumulators
        new Point(false, 2, 9, 5, 5, 9, 5, 2, 3, 4, 1, 3),   // conv 3x3 over C = 5: SIMD 2 (cf 3)
        new Point(true, 1, 4, 3, 3, 4, 3, 3, 1, 2, 3, 3),    // int8 conv 2x2 over C = 3
        new Point(false, 1, 4, 3, 2, 1, 12, 5, 2, 3, 2, 3),  // dense on a pixel stream: 4 pixels of 3 in beats of 2
        Point.dense(false, 3, 130, 16, 64, 2, 4, 2),   // 192 tree leaves: T = 3
        Point.dense(false, 1, 1, 1, 1, 1, 1, 1),       // sizes of 1
        Point.dense(false, 2, 13, 4, 5, 7, 11, 2).withPeGroup(2),  // systolic PE groups: 4 groups, the last of 1 PE
        Point.dense(true, 1, 9, 3, 4, 5, 9, 0).withPeGroup(3),     // int8 raw accumulators in 2 groups
        Point.dense(false, 1, 30, 6, 10, 18, 18, 1),                // 18 PEs: 2 groups of the default 16
        new Point(false, 2, 1, 17, 6, 1, 17, 9, 2, 6, 3, 2)); // 2 adder levels per stage
  }

  /** Random points for the slow sweep. */
  static List<Point> randomPoints(int n, SplittableRandom r) {
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean int8 = r.nextInt(4) == 0;
      int inK = int8 ? 1 : 1 + r.nextInt(3);
      int outputs = 1 + r.nextInt(24), pe = 1 + r.nextInt(outputs + 2);
      int thrK = r.nextInt(4);
      if (r.nextBoolean()) {
        int c = 1 + r.nextInt(9), k = 1 + r.nextInt(3);
        out.add(new Point(int8, inK, k * k, c, c, k * k, c, 1 + r.nextInt(c + 1), pe, outputs, thrK, 3, 1 + r.nextInt(pe + 1)));
      } else {
        int fanIn = 1 + r.nextInt(90), beat = 1 + r.nextInt(Math.min(fanIn, 16));
        out.add(new Point(int8, inK, 1, fanIn, beat, 1, fanIn, 1 + r.nextInt(Math.min(fanIn, 70) + 2), pe, outputs, thrK, 2 + r.nextInt(2),
            r.nextBoolean() ? CostModel.PE_GROUP : 1 + r.nextInt(pe + 1)));
      }
    }
    return out;
  }

  @Test
  void mvtusMatchTheirModelAndTheMatrix() throws Exception {
    SplittableRandom r = new SplittableRandom(61);
    List<Point> points = new ArrayList<>(ciPoints());
    if (SLOW) points.addAll(randomPoints(30, r));
    List<UnitBenchRig.Dut> duts = new ArrayList<>();
    for (Point p : points) duts.add(dut("m" + duts.size(), p, r));
    UnitBenchRig rig = new UnitBenchRig(duts, tmp.resolve("bench"));
    for (UnitBenchRig.Stalls s : UnitBenchRig.standardRuns(6100)) assertEquals(List.of(), rig.run(s));
    assertEquals(List.of(), rig.lint, "verilator --lint-only -Wall");
    System.out.printf("MVTU: %d units x %d runs agree with MvtuModel and the matrix, build %.1f s%s%n", duts.size(),
        UnitBenchRig.standardRuns(0).size(), rig.buildSeconds, rig.cached ? " (cached)" : "");
  }

  /** Smallest two's-complement width holding [lo, hi]. */
  static int signedBits(long lo, long hi) {
    int b = 1;
    while (lo < -(1L << (b - 1)) || hi > (1L << (b - 1)) - 1) b++;
    return b;
  }

  static UnitBenchRig.Dut dut(String name, Point pt, SplittableRandom r) {
    int eb = pt.int8() ? 8 : pt.inK();
    int fanIn = pt.fanIn(), outputs = pt.outputs(), vectors = 6;
    StreamShape in = new StreamShape(eb, pt.beatElems(), pt.streamRowElems(), pt.streamRows());
    int cf = (pt.chunkRowElems() + pt.simd() - 1) / pt.simd(), sf = pt.chunkRows() * cf, nf = (outputs + pt.pe() - 1) / pt.pe();
    // weights, input elements (levels 0..K as thermometer planes, or int8 codes)
    boolean[][] w = new boolean[outputs][fanIn];
    for (boolean[] row : w) for (int e = 0; e < fanIn; e++) row[e] = r.nextBoolean();
    int[][] x = new int[vectors][fanIn];
    for (int[] v : x) for (int e = 0; e < fanIn; e++) v[e] = pt.int8() ? r.nextInt(256) - 128 : (1 << r.nextInt(pt.inK() + 1)) - 1;
    long[][] acc = new long[vectors][outputs];
    for (int v = 0; v < vectors; v++)
      for (int n = 0; n < outputs; n++) {
        long a = 0;
        for (int e = 0; e < fanIn; e++)
          if (pt.int8()) a += w[n][e] ? x[v][e] : -x[v][e];
          else for (int k = 0; k < pt.inK(); k++) a += ((x[v][e] >>> k & 1) == 1) == w[n][e] ? 1 : 0;
        acc[v][n] = a;
      }
    long lo = pt.int8() ? -128L * fanIn : 0, hi = pt.int8() ? 128L * fanIn : (long) fanIn * pt.inK();
    int accBits = signedBits(lo, hi) + r.nextInt(3);
    // thresholds near the accumulators of the test vectors (ties), sometimes out of range; both directions
    int tk = pt.thresholdK();
    long[] thr = new long[nf * pt.pe() * tk];
    boolean[] dir = new boolean[nf * pt.pe()];
    for (int n = 0; n < outputs; n++) {
      dir[n] = r.nextBoolean();
      for (int k = 0; k < tk; k++)
        thr[n * tk + k] = r.nextInt(8) == 0 ? (r.nextBoolean() ? lo - 1 : hi + 1) : acc[r.nextInt(vectors)][n] + r.nextInt(3) - 1;
    }
    for (int n = outputs; n < nf * pt.pe(); n++) dir[n] = true;
    // weight memories: word nf·SF + s, bit l = weight of neuron nf·pe + p at lane l of chunk s
    Map<String, String> files = new TreeMap<>();
    String[] fileNames = new String[pt.pe()];
    int digits = (pt.simd() + 3) / 4;
    for (int p = 0; p < pt.pe(); p++) {
      StringBuilder sb = new StringBuilder();
      for (int f = 0; f < nf; f++)
        for (int s = 0; s < sf; s++) {
          java.math.BigInteger word = java.math.BigInteger.ZERO;
          int row = f * pt.pe() + p, pos = s / cf;
          for (int l = 0; l < pt.simd(); l++) {
            int col = (s % cf) * pt.simd() + l;
            if (row < outputs && col < pt.chunkRowElems() && w[row][pos * pt.chunkRowElems() + col]) word = word.setBit(l);
          }
          String h = word.toString(16);
          sb.append("0".repeat(digits - h.length())).append(h).append('\n');
        }
      for (int pad = nf * sf; pad < 2; pad++) sb.append("0".repeat(digits)).append('\n');
      fileNames[p] = name + "_w_pe" + p + ".hex";
      files.put(fileNames[p], sb.toString());
    }
    MvtuParams p = new MvtuParams(name, in, pt.int8(), pt.inK(), pt.chunkRows(), pt.chunkRowElems(), pt.simd(), pt.pe(), outputs,
        accBits, tk, thr, dir, fileNames, pt.levelsPerStage(), pt.peGroup());
    // input beats: row r, beat j, lane i = element r·rowElems + j·beatElems + i; lanes past the row random
    List<byte[]> beats = new ArrayList<>();
    for (int v = 0; v < vectors; v++)
      for (int row = 0; row < in.rows(); row++)
        for (int j = 0; j < in.beatsPerRow(); j++) {
          UnitBenchRig.Bits b = new UnitBenchRig.Bits(in.beatBits());
          for (int i = 0; i < in.beatElems(); i++) {
            int col = j * in.beatElems() + i;
            b.put((long) i * eb, eb, col < in.rowElems() ? x[v][row * in.rowElems() + col] : r.nextLong());
          }
          beats.add(b.b);
        }
    // output beats: neuron fold f carries neurons f·pe + i; lanes past the outputs are don't-care
    int ob = p.outElemBits();
    List<byte[]> out = new ArrayList<>(), mask = new ArrayList<>();
    for (int v = 0; v < vectors; v++)
      for (int f = 0; f < nf; f++) {
        UnitBenchRig.Bits o = new UnitBenchRig.Bits(pt.pe() * ob), m = new UnitBenchRig.Bits(pt.pe() * ob);
        for (int i = 0; i < pt.pe(); i++) {
          int n = f * pt.pe() + i;
          if (n >= outputs) continue;
          long lane = 0;
          if (tk == 0) lane = acc[v][n];
          else for (int k = 0; k < tk; k++) if (dir[n] ? acc[v][n] >= thr[n * tk + k] : acc[v][n] <= thr[n * tk + k]) lane |= 1L << k;
          o.put((long) i * ob, ob, lane);
          m.ones((long) i * ob, ob);
        }
        out.add(o.b);
        mask.add(m.b);
      }
    String what = name + "(" + (pt.int8() ? "int8" : "K" + pt.inK()) + ", " + pt.chunkRows() + "x" + pt.chunkRowElems() + " -> " + outputs
        + ", pe " + pt.pe() + ", simd " + pt.simd() + ", thresholds K " + tk + ", beats of " + pt.beatElems() + ", T " + p.treeLatency() + ", " + p.groups() + " PE groups)";
    return new UnitBenchRig.Dut(what, new MvtuBench(p), beats.toArray(new byte[0][]), out.toArray(new byte[0][]), mask.toArray(new byte[0][]),
        () -> {
          VectorChannel<Object> ch = new VectorChannel<>("in");
          for (int v = 0; v < vectors; v++) ch.push(v);
          return new MvtuModel<Object, Object>(name, p.nf(), p.sf(), in.beatsPerVector(), p.latency(), p.queueDepth(), 1, o -> o, ch,
              new VectorChannel<>("out"));
        }, files);
  }
}
