package org.xnorkit.simulator.layer.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xnorkit.hwgen.rtl.OutputParams;
import org.xnorkit.hwgen.rtl.StreamShape;
import org.xnorkit.simulator.unit.VectorChannel;

/** The output unit's stages by hand (docs/timing.md "Output unit"): GATHER, READOUT (one class per cycle), EMIT, overlapping. */
class OutputUnitModelTest {
  static OutputParams params(int classes, int pe, boolean thresholds, boolean hsb, int busBytes) {
    long[] one = new long[classes], zero = new long[classes], thr = new long[classes];
    boolean[] dir = new boolean[classes];
    java.util.Arrays.fill(one, 1);
    for (int c = 0; c < classes; c++) { thr[c] = 5; dir[c] = c % 2 == 0; }
    return new OutputParams(new StreamShape(8, pe, classes, 1), classes, one, zero, 8, 4, thresholds, thr, dir, hsb, busBytes);
  }

  @Test
  void gatherReadoutEmitByHand() {
    // 3 classes, pe 2: NF = 2 beats in. Record 4 + 3·4 = 16 bytes on an 8-byte bus: 2 beats.
    VectorChannel<long[]> in = new VectorChannel<>("in");
    in.push(new long[] {3, 9, 9});
    OutputUnitModel u = new OutputUnitModel("output", 2, new OutputRecord(params(3, 2, false, false, 8)), in);
    List<Long> outs = new ArrayList<>();
    List<byte[]> data = new ArrayList<>();
    for (long c = 0; c < 12; c++) {
      boolean inFire = (c == 0 || c == 1) && u.inReady();
      boolean outFire = u.outValid();
      if (outFire) { outs.add(c); data.add(u.beatData()); }
      u.step(c, inFire, outFire);
    }
    // last accumulator beat at 1; READOUT in cycles 2, 3, 4; EMIT from 5: beats at 5 and 6.
    assertEquals(List.of(5L, 6L), outs);
    assertEquals(1, data.get(0)[0], "argmax: the lowest index of the tie 9, 9");
    assertEquals(3, data.get(0)[4], "score 0");
    assertEquals(9, data.get(1)[0], "score 1 opens beat 1 (bytes 8..11)");
  }

  @Test
  void stagesOverlapAcrossImages() {
    // Same unit, three images offered back to back: image 1 is gathered during image 0's readout
    // (it then waits, in.ready low, until READOUT is free at edge 4), image 2 during image 1's.
    VectorChannel<long[]> in = new VectorChannel<>("in");
    for (int i = 0; i < 3; i++) in.push(new long[] {i, 1, 2});
    OutputUnitModel u = new OutputUnitModel("output", 2, new OutputRecord(params(3, 2, false, false, 8)), in);
    List<Long> ins = new ArrayList<>(), outs = new ArrayList<>();
    List<Integer> firstBytes = new ArrayList<>();
    for (long c = 0; c < 20; c++) {
      boolean inFire = ins.size() < 6 && u.inReady();
      boolean outFire = u.outValid();
      if (inFire) ins.add(c);
      if (outFire) { outs.add(c); firstBytes.add((int) u.beatData()[4]); }
      u.step(c, inFire, outFire);
    }
    assertEquals(List.of(0L, 1L, 2L, 3L, 5L, 6L), ins);
    // image 0: readout 2..4, emit 5, 6; image 1: readout 5..7, emit 8, 9; image 2: readout 8..10, emit 11, 12
    assertEquals(List.of(5L, 6L, 8L, 9L, 11L, 12L), outs);
    assertEquals(6, firstBytes.size());
    assertEquals(0, firstBytes.get(0), "score 0 of image 0");
    assertEquals(1, firstBytes.get(2), "score 0 of image 1");
    assertEquals(2, firstBytes.get(4), "score 0 of image 2");
    assertEquals(20, u.stats().busy + u.stats().starved + u.stats().blocked);
  }

  @Test
  void highestSetBitAndClassWords() {
    // thresholds 5, directions +,−,+: scores 3, 9, 7 → bits 0 (3 ≥ 5 no), 0 (9 ≤ 5 no), 1 (7 ≥ 5) → class 2.
    OutputRecord r = new OutputRecord(params(3, 3, true, true, 64));
    byte[] rec = r.beats(new long[] {3, 9, 7})[0];
    assertEquals(2, rec[0]);
    assertEquals(0b100, rec[4]);
    assertEquals(3, rec[8]);
  }

  @Test
  void accumulatorsAreReadAsTheirWidthInTwosComplement() {
    // accBits 8: 0xFF is −1 (the unit reads its lanes as SInt).
    OutputRecord r = new OutputRecord(params(2, 2, false, false, 64));
    byte[] rec = r.beats(new long[] {0xFF, 0})[0];
    assertEquals(1, rec[0], "0 > −1");
    assertEquals((byte) 0xFF, rec[4 + 3], "score −1 sign-extended to 4 bytes");
  }
}
