package org.xnorkit.hwgen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RAMB18 counts of weight memories, as Yosys synth_xilinx maps them (checked in SynthTest and on LFC). */
class CostModelTest {
  @ParameterizedTest
  @CsvSource({
      "416, 64, 2",   // LFC fc0: 512 x 36 twice
      "512, 32, 1",   // LFC fc1
      "512, 64, 2",   // LFC fc2
      "128, 8, 0",    // LFC out: 1 Kbit, below the block RAM threshold
      "512, 16, 1",   // 1K x 18
      "1024, 18, 1",
      "1025, 18, 2",
      "2048, 9, 1",
      "2, 1024, 29",  // wide and shallow: 512 x 36 shapes side by side
      "255, 8, 0",    // 2040 bits
      "256, 8, 1"})   // 2048 bits
  void bram18(long depth, long width, long expected) {
    assertEquals(expected, CostModel.bram18(depth, width));
  }
}
