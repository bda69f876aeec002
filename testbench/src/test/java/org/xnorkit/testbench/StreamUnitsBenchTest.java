package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.hwgen.rtl.FifoBench;
import org.xnorkit.hwgen.rtl.InputBench;
import org.xnorkit.hwgen.rtl.InputParams;
import org.xnorkit.hwgen.rtl.SerializerBench;
import org.xnorkit.hwgen.rtl.SerializerParams;
import org.xnorkit.hwgen.rtl.SkidBench;
import org.xnorkit.simulator.unit.QueueModel;
import org.xnorkit.simulator.unit.SerializerModel;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * The stream generators on their own, in one Verilator build (a {@code UnitBench}): the input unit
 * (bus widths, channels, pixels per beat, bit and int8 tables), the FIFO ({@code Queue} of depth
 * 1..5; depth 2 is a skid buffer), the {@code SkidBuffer}, and the pixel serializer (pixels per
 * beat, a short last beat, channels, element widths), each under random input gaps and
 * back-pressure against its Java cycle model ({@code QueueModel}, {@code SerializerModel}): every
 * beat at the model's cycle with the data it must carry. {@code XNORKIT_SLOW=1} adds random
 * parameter points. Needs verilator (fails without it).
 */
class StreamUnitsBenchTest {
  static final boolean SLOW = "1".equals(System.getenv("XNORKIT_SLOW"));

  @TempDir Path tmp;

  @Test
  void streamUnitsMatchTheirModels() throws Exception {
    SplittableRandom r = new SplittableRandom(41);
    List<UnitBenchRig.Dut> duts = new ArrayList<>();
    // input unit: bus bytes, channels, pixels per beat, element bits (1: binarized, 8: int8 codes)
    int[][] inputs = {{1, 1, 1, 1}, {8, 3, 2, 1}, {4, 1, 4, 8}, {16, 5, 3, 8}, {64, 3, 21, 1}, {2, 2, 1, 8}};
    for (int[] c : inputs) duts.add(inputUnit(duts.size(), c[0], c[1], c[2], c[3], r));
    // FIFOs: width, depth (2: a skid buffer)
    int[][] fifos = {{1, 1}, {7, 2}, {33, 3}, {70, 5}, {8, 4}};
    for (int[] c : fifos) duts.add(queue(duts.size(), c[0], c[1], false, r));
    duts.add(queue(duts.size(), 1, 2, true, r));
    duts.add(queue(duts.size(), 65, 2, true, r));
    // serializer: pixels, channels, element bits, pixels per beat
    int[][] serials = {{9, 1, 1, 2}, {25, 3, 8, 4}, {7, 2, 3, 7}, {12, 5, 2, 5}, {2, 1, 8, 3}};
    for (int[] c : serials) duts.add(serializer(duts.size(), c[0], c[1], c[2], c[3], r));
    if (SLOW)
      for (int i = 0; i < 12; i++) {
        int ch = 1 + r.nextInt(6);
        duts.add(inputUnit(duts.size(), ch * (1 + r.nextInt(8)), ch, 1 + r.nextInt(8), r.nextBoolean() ? 1 : 8, r));
        duts.add(queue(duts.size(), 1 + r.nextInt(100), 1 + r.nextInt(6), r.nextInt(4) == 0, r));
        duts.add(serializer(duts.size(), 1 + r.nextInt(40), 1 + r.nextInt(6), 1 + r.nextInt(8), 1 + r.nextInt(9), r));
      }
    UnitBenchRig rig = new UnitBenchRig(duts, tmp.resolve("bench"));
    for (UnitBenchRig.Stalls s : UnitBenchRig.standardRuns(4100)) assertEquals(List.of(), rig.run(s));
    assertEquals(List.of(), rig.lint, "verilator --lint-only -Wall");
    System.out.printf("stream units: %d units x %d runs agree with their models, build %.1f s%s%n", duts.size(),
        UnitBenchRig.standardRuns(0).size(), rig.buildSeconds, rig.cached ? " (cached)" : "");
  }

  /** Input unit: bytes through the 256-entry table; bytes past pixelsPerBeat·C are never read (random here). */
  static UnitBenchRig.Dut inputUnit(int i, int busBytes, int channels, int ppb, int elemBits, SplittableRandom r) {
    if (ppb * channels > busBytes) ppb = busBytes / channels;
    int[] table = new int[256];
    for (int v = 0; v < 256; v++) table[v] = elemBits == 1 ? (v >= 100 ? 1 : 0) : r.nextInt(256) - 128;
    InputParams p = new InputParams(busBytes, channels, ppb, elemBits, table);
    int lanes = p.lanes(), beats = 5 + r.nextInt(20);
    byte[][] in = new byte[beats][busBytes], out = new byte[beats][];
    for (int b = 0; b < beats; b++) {
      r.nextBytes(in[b]);
      UnitBenchRig.Bits o = new UnitBenchRig.Bits(lanes * elemBits);
      for (int l = 0; l < lanes; l++) o.put((long) l * elemBits, elemBits, table[in[b][l] & 0xff]);
      out[b] = o.b;
    }
    return new UnitBenchRig.Dut("input" + i + "(bus " + busBytes + " B, C " + channels + ", P " + ppb + ", " + elemBits + "-bit)",
        new InputBench(p), in, out, null, () -> new QueueModel("input", 2), Map.of());
  }

  /** A FIFO of {@code depth} (or the skid buffer itself): the beats come out unchanged, in order. */
  static UnitBenchRig.Dut queue(int i, int width, int depth, boolean skid, SplittableRandom r) {
    int beats = 10 + r.nextInt(30), bytes = (width + 7) / 8;
    byte[][] data = new byte[beats][bytes];
    for (byte[] b : data) {
      r.nextBytes(b);
      if (width % 8 != 0) b[bytes - 1] &= (byte) ((1 << (width % 8)) - 1);
    }
    int d = skid ? 2 : depth;
    return new UnitBenchRig.Dut((skid ? "skid" + i : "fifo" + i + "(depth " + depth + ")") + " width " + width,
        skid ? new SkidBench(width) : new FifoBench(width, depth), data, data, null, () -> new QueueModel("q", d), Map.of());
  }

  /** Pixel serializer: 3 images; the last beat of each holds the remaining pixels (its other lanes random). */
  static UnitBenchRig.Dut serializer(int i, int pixels, int channels, int elemBits, int ppb, SplittableRandom r) {
    SerializerParams p = new SerializerParams(pixels, channels, elemBits, ppb);
    int images = 3, pb = channels * elemBits;
    List<byte[]> in = new ArrayList<>(), out = new ArrayList<>();
    for (int img = 0; img < images; img++)
      for (int b = 0; b < p.beatsPerImage(); b++) {
        byte[] beat = new byte[(p.in().beatBits() + 7) / 8];
        r.nextBytes(beat);
        if (p.in().beatBits() % 8 != 0) beat[beat.length - 1] &= (byte) ((1 << (p.in().beatBits() % 8)) - 1);
        in.add(beat);
        int n = b == p.beatsPerImage() - 1 ? p.lastBeatPixels() : ppb;
        for (int j = 0; j < n; j++) {
          UnitBenchRig.Bits o = new UnitBenchRig.Bits(pb);
          for (int k = 0; k < pb; k++) o.put(k, 1, beat[(j * pb + k) >>> 3] >>> ((j * pb + k) & 7) & 1);
          out.add(o.b);
        }
      }
    return new UnitBenchRig.Dut("serializer" + i + "(" + pixels + " pixels of " + channels + "x" + elemBits + " bits, " + ppb + " per beat)",
        new SerializerBench(p), in.toArray(new byte[0][]), out.toArray(new byte[0][]), null, () -> {
          VectorChannel<long[]> ch = new VectorChannel<>("in");
          for (int img = 0; img < images; img++) ch.push(new long[0]);
          return new SerializerModel("serializer", p, ch, new VectorChannel<>("out"));
        }, Map.of());
  }
}
