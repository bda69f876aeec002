package org.xnorkit.simulator.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** chisel3.util.Queue without pipe/flow, by hand (docs/timing.md "Internal streams"). */
class QueueModelTest {
  @Test
  void aBeatWrittenAtEdgeCIsValidFromCyclePlusOne() {
    QueueModel q = new QueueModel("q", 2);
    assertFalse(q.outValid());
    assertTrue(q.inReady());
    q.step(0, true, false);
    assertTrue(q.outValid(), "valid in cycle 1");
    assertEquals(1, q.count());
  }

  @Test
  void aFullQueueRefusesEvenWhileABeatLeaves() {
    QueueModel q = new QueueModel("q", 2);
    q.offered(true);
    q.step(0, true, false);
    q.offered(true);
    q.step(1, true, false);
    assertFalse(q.inReady(), "full: enq.ready = !full, no pipe");
    q.offered(true);
    // cycle 2: the consumer takes a beat, the producer is refused
    q.step(2, false, true);
    assertTrue(q.inReady());
    assertEquals(1, q.count());
    assertEquals(2, q.maxCount());
    assertEquals(3, q.maxDemand(), "the refused beat wanted a third entry");
    assertEquals(1, q.refusedCycles());
  }

  @Test
  void depthOneHalvesTheRate() {
    // A 1-entry queue holds a beat for a cycle and cannot take the next one meanwhile.
    QueueModel q = new QueueModel("q", 1);
    int moved = 0;
    for (long c = 0; c < 10; c++) {
      boolean in = q.inReady(), out = q.outValid();
      if (out) moved++;
      q.step(c, in, out);
    }
    assertEquals(5, moved);
  }

  @Test
  void depthMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new QueueModel("q", 0));
  }
}
