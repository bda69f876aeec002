package org.xnorkit.hwgen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RAMB18 counts of weight memories, as Yosys synth_xilinx maps them (every case measured: SynthTest, LFC, CNV, docs/synth.md). */
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
      "18432, 32, 32", // CNV conv5 (pe 1): folded 9 words wide, 2048 x 288 bits in 16 RAMB36 (2K x 18), not 36
      "32768, 8, 15", // CNV fc1 (pe 1): folded 16 (or 11) wide, 15 RAMB18 of 2K x 9 / 1K x 18, not 16
      "32768, 4, 8",  // CNV fc0: 16K x 1 shapes
      "2304, 32, 5",  // CNV conv4
      "1792, 28, 4",  // LFC-Fashion fc0
      "255, 8, 0",    // 2040 bits
      "256, 8, 1"})   // 2048 bits
  void bram18(long depth, long width, long expected) {
    assertEquals(expected, CostModel.bram18(depth, width));
  }

  /** Mux levels after the block RAMs of a memory stacked in depth or folded (measured on CNV; none where one RAM word is one memory word). */
  @ParameterizedTest
  @CsvSource({
      "2304, 32, 3",   // CNV conv4: 5 RAMB18 of 512 x 36 in depth, a 5:1 mux
      "18432, 32, 4",  // CNV conv5: folded 9 wide
      "32768, 8, 4",   // CNV fc1: folded (16 or 11) wide
      "32768, 4, 0",   // CNV fc0: RAMB36 32K x 1, one per bit
      "416, 64, 0",    // LFC fc0: 512 x 36 side by side
      "2048, 32, 0",   // LFC-Fashion: 2K x 9 side by side
      "128, 8, 0"})    // in logic
  void blockRamReadMuxLevels(long depth, long width, int levels) {
    assertEquals(levels, CostModel.blockRamReadMuxLevels(depth, width));
  }

  /** A sliding-window unit's line buffer (R rows of w words) and its first-row latency (docs/timing.md). */
  @org.junit.jupiter.api.Test
  void slidingWindowLineBuffer() {
    // CNV conv1: 30x30x64 bits, 4 beats per pixel (PE 16 upstream), 3x3: R = 6 rows, 180 x 64 bits in 2 RAMB18
    LayerEstimate e = CostModel.swu(30, 30, 64, 1, 16, 3, 1, 0);
    assertEquals(6 * 30 * 64, CostModel.swuBufferBits(30, 30, 64, 1, 3, 1, 0));
    assertEquals(2, e.bram18());
    assertEquals(Math.max(30 * 30 * 4, 28 * 28 * 9), e.cyclesPerImage());
    assertEquals(3 * 30 * 4 + 2, e.latencyCycles());
    // 2x2 stride-2 max-pool on 8x8x2: 4 rows of 8 two-bit words, 64 bits of LUTRAM (one RAM64M)
    LayerEstimate small = CostModel.swu(8, 8, 2, 1, 2, 2, 2, 0);
    assertEquals(0, small.bram18());
    assertEquals(150 + 2, small.luts()); // control, pad mux; the RAM64M is LUTRAM, which synthesis reports apart from LUTs
    assertEquals(65, small.ffs());       // one beat per pixel: nothing gathered; LUTRAM: no read register
    // CNV conv1 (4 beats of 16 per 64-bit pixel, line buffer in block RAM): 3 beats gathered + the read word
    assertEquals(65 + 3 * 16 + 64, e.ffs());
    // Yosys' cost choice between LUTRAM (8 per cell) and block RAM (129 per RAMB18)
    assertEquals(0, CostModel.ramBram18(140, 8));   // k2 conv0's line buffer: 9 RAM64M (measured)
    assertEquals(0, CostModel.ramBram18(128, 24));  // 16 RAM64M cost 128 < 129
    assertEquals(1, CostModel.ramBram18(256, 16));  // 24 RAM64M cost 192
    assertEquals(2, CostModel.ramBram18(180, 64));  // CNV conv1
    assertEquals(2 * 8 + 2, small.latencyCycles());
    // pad 1: the first output row needs k − pad rows
    assertEquals(2 * 5 * 1 + 2, CostModel.swu(5, 5, 3, 1, 3, 3, 1, 1).latencyCycles());
  }
}
