package org.xnorkit.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Java stall streams against docs/timing.md (the C++ twin is compared in HarnessContractTest). */
class StallStreamTest {
  @Test
  void firstDrawsOfSeedZeroAreTheDocumentedOnes() {
    assertEquals(0xa706dd2f4d197e6fL, StallStream.inputGaps(0, 0).nextDraw());
    assertEquals(0x46b73e79f0c37c00L, StallStream.outputBackpressure(0, 0).nextDraw());
  }

  @Test
  void generatorIsSplitMix64AsInTheJdk() {
    // SplittableRandom(seed).nextLong() is splitmix64 with the same gamma and finalizer.
    long seed = 0x1234_5678_9abc_def0L;
    SplittableRandom jdk = new SplittableRandom(seed);
    long[] states = StallStream.initialStates(seed);
    assertEquals(jdk.nextLong(), states[0]);
    assertEquals(jdk.nextLong(), states[1]);
    SplittableRandom gap = new SplittableRandom(states[0]);
    StallStream ours = StallStream.inputGaps(seed, 0);
    for (int i = 0; i < 1000; i++) assertEquals(gap.nextLong(), ours.nextDraw(), "draw " + i);
  }

  @Test
  void skippingDrawsKeepsTheStreamInStep() {
    StallStream stepped = StallStream.outputBackpressure(77, 0), skipped = StallStream.outputBackpressure(77, 0);
    for (int n : new int[] {0, 1, 2, 63, 1000}) {
      for (int i = 0; i < n; i++) stepped.nextDraw();
      skipped.skip(n);
      assertEquals(stepped.nextDraw(), skipped.nextDraw(), "after skipping " + n);
    }
    assertThrows(IllegalArgumentException.class, () -> skipped.skip(-1));
  }

  @Test
  void thresholdIsAProbabilityIn65536ths() {
    StallStream never = StallStream.inputGaps(5, 0), always = StallStream.inputGaps(5, StallStream.ONE);
    for (int i = 0; i < 1000; i++) {
      assertTrue(!never.stall());
      assertTrue(always.stall());
    }
    StallStream quarter = StallStream.outputBackpressure(9, StallStream.units(0.25));
    int stalls = 0;
    for (int i = 0; i < 100_000; i++) if (quarter.stall()) stalls++;
    assertTrue(stalls > 24_000 && stalls < 26_000, "stalls " + stalls);
    assertEquals(16384, StallStream.units(0.25));
    assertThrows(IllegalArgumentException.class, () -> StallStream.units(1.5));
    assertThrows(IllegalArgumentException.class, () -> StallStream.inputGaps(0, -1));
  }
}
