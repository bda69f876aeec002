package org.xnorkit.simulator.unit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MVTU's cycle behaviour in isolation, against cases worked by hand from docs/timing.md
 * ("MVTU"): writer banks, the credit rule, one chunk per cycle, and the latency T + 3 + G − 1 from
 * the issue of a pass's last chunk to its beat on {@code out} (G systolic PE groups).
 */
class MvtuModelTest {
  /** Drives a unit with input beats offered in the given cycles and out.ready always high; returns out-fire cycles. */
  private static List<Long> run(MvtuModel<String, String> m, VectorChannel<String> in, long[] offerFrom, int cycles, List<Long> inFires) {
    List<Long> outs = new ArrayList<>();
    int next = 0;
    for (long c = 0; c < cycles; c++) {
      boolean offer = next < offerFrom.length && offerFrom[next] <= c;
      boolean inFire = offer && m.inReady();
      boolean outFire = m.outValid();
      if (inFire) { inFires.add(c); next++; }
      if (outFire) outs.add(c);
      m.step(c, inFire, outFire);
    }
    return outs;
  }

  @Test
  void firstVectorByHand() {
    // NF = 2, SF = 3, T = 1, one PE group (latency 4), 2 beats per vector. Queue depth ⌊(4 + 3)/3⌋ + 2 = 4.
    VectorChannel<String> in = new VectorChannel<>("in"), out = new VectorChannel<>("out");
    in.push("v0");
    MvtuModel<String, String> m = new MvtuModel<>("m", 2, 3, 2, 4, 4, 1, x -> x + "'", in, out);
    List<Long> inFires = new ArrayList<>();
    // Beats at cycles 0 and 1: the vector is complete at edge 1; the pass issues chunks at 2, 3, 4
    // (last chunk at 4: enqueue at edge 4 + T + 2 = 7, valid from 8); the second pass 5, 6, 7 (valid from 11).
    List<Long> outs = run(m, in, new long[] {0, 1}, 20, inFires);
    assertEquals(List.of(0L, 1L), inFires);
    assertEquals(List.of(8L, 11L), outs);
    assertEquals("v0'", out.pop(), "the datapath ran on the vector the writer completed");
    assertEquals(6, m.stats().busy, "NF·SF chunks");
    assertEquals(2 + 12, m.stats().starved, "before the vector arrived, and after the last chunk");
  }

  @Test
  void theNextVectorFollowsWithoutABubble() {
    // Two vectors back to back: the writer fills bank 1 while the reader works on bank 0; the
    // issue of chunk (NF−1, SF−1) frees bank 0 and the next cycle issues chunk (0, 0) of bank 1.
    VectorChannel<String> in = new VectorChannel<>("in"), out = new VectorChannel<>("out");
    in.push("a");
    in.push("b");
    MvtuModel<String, String> m = new MvtuModel<>("m", 2, 3, 2, 4, 4, 1, x -> x, in, out);
    List<Long> inFires = new ArrayList<>();
    List<Long> outs = run(m, in, new long[] {0, 1, 2, 3}, 30, inFires);
    assertEquals(List.of(0L, 1L, 2L, 3L), inFires, "bank 1 is free while bank 0 is read");
    // passes: 2-4, 5-7 (vector a), 8-10, 11-13 (vector b)
    assertEquals(List.of(8L, 11L, 14L, 17L), outs);
    assertEquals(12, m.stats().busy);
  }

  @Test
  void aThirdVectorWaitsForAFreeBank() {
    VectorChannel<String> in = new VectorChannel<>("in"), out = new VectorChannel<>("out");
    for (String s : new String[] {"a", "b", "c"}) in.push(s);
    MvtuModel<String, String> m = new MvtuModel<>("m", 2, 3, 2, 4, 4, 1, x -> x, in, out);
    List<Long> inFires = new ArrayList<>();
    run(m, in, new long[] {0, 1, 2, 3, 4, 5}, 40, inFires);
    // Both banks full after edge 3; bank 0 is freed by the issue of its last chunk at cycle 7, so
    // in.ready is high again in cycle 8.
    assertEquals(List.of(0L, 1L, 2L, 3L, 8L, 9L), inFires);
  }

  @Test
  void passesWaitForCreditsWhenOutputIsNotTaken() {
    // Queue depth 1 (a hand-made case, the generator never picks it): the second pass may only
    // start once the first beat has left.
    VectorChannel<String> in = new VectorChannel<>("in"), out = new VectorChannel<>("out");
    in.push("a");
    MvtuModel<String, String> m = new MvtuModel<>("m", 2, 1, 1, 4, 1, 1, x -> x, in, out);
    // cycle 0: beat in. cycle 1: pass 0 (SF = 1) issues, takes the only credit; enqueue at edge 4, valid from 5.
    boolean[] outReady = new boolean[20];
    outReady[9] = true;
    outReady[15] = true;
    List<Long> outs = new ArrayList<>();
    for (long c = 0; c < 20; c++) {
      boolean inFire = c == 0 && m.inReady();
      boolean outFire = m.outValid() && outReady[(int) c];
      if (outFire) outs.add(c);
      m.step(c, inFire, outFire);
      if (c == 5) assertTrue(m.outValid());
      if (c == 8) assertFalse(m.active() && m.stats().busy > 1, "pass 1 has not started: no credit");
    }
    // beat 0 leaves at 9 (credit back at edge 9), pass 1 issues at 10, enqueue at 13, valid from 14, taken at 15.
    assertEquals(List.of(9L, 15L), outs);
    assertEquals(2, m.stats().busy);
    assertEquals(8, m.stats().blocked, "cycles 2..9 with a full bank and no credit");
  }

  @Test
  void statsCountEveryCycleOnce() {
    VectorChannel<String> in = new VectorChannel<>("in"), out = new VectorChannel<>("out");
    in.push("a");
    MvtuModel<String, String> m = new MvtuModel<>("m", 3, 2, 1, 5, 3, 1, x -> x, in, out);
    run(m, in, new long[] {0}, 50, new ArrayList<>());
    UnitStats s = m.stats();
    assertArrayEquals(new long[] {50, 0}, new long[] {s.busy + s.starved + s.blocked, s.lostResults});
  }

  @Test
  void peGroupsDelayEveryBeatButKeepOneBeatPerCycle() {
    // NF = 4, SF = 1, T = 1 and 3 PE groups: latency 4 + 2 = 6, queue depth ⌊(6 + 1)/1⌋ + 2 = 9.
    // The vector is in at edge 0; passes issue at 1, 2, 3, 4 and their beats are valid from 7, 8, 9, 10:
    // back-to-back passes reach out one per cycle, none overwritten by the next.
    VectorChannel<String> in = new VectorChannel<>("in"), out = new VectorChannel<>("out");
    in.push("a");
    MvtuModel<String, String> m = new MvtuModel<>("m", 4, 1, 1, 6, 9, 1, x -> x, in, out);
    List<Long> outs = run(m, in, new long[] {0}, 20, new ArrayList<>());
    assertEquals(List.of(7L, 8L, 9L, 10L), outs);
    assertEquals(0, m.stats().lostResults);
  }
}
