package org.xnorkit.model.bnnpynq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.FixedFormat;

/**
 * The conversion "chip fires iff threshold &lt; acc" → "model fires iff acc ≥ t", checked against the
 * chip's comparison written out independently, for every threshold in a wide range and every
 * accumulator around its boundary.
 */
class ThresholdRuleTest {

  /** CNV's first layer: s/256 (ap_fixed<24,16> from ap_fixed<64,56>) against acc/128; compared in exact integers. */
  static boolean chipFiresFixed(long s, long acc) {
    long e = (s << 40) >> 40; // the low 24 bits, sign-extended (AP_WRAP into ap_fixed<24,16>, same fractional bits)
    return e * 128 < acc * 256; // e/256 < acc/128, both sides times 256·128
  }

  /** The binary layers: the int64 from the file lands in an ap_int<16> (low 16 bits), compared with the popcount. */
  static boolean chipFiresBinary(long raw, long acc) { return (short) raw < acc; }

  @Test
  void fixedPointFirstLayerEveryThresholdAroundTheBoundary() {
    ThresholdRule rule = new ThresholdRule(7, new FixedFormat(24, 16), 8);
    for (long s = -5000; s <= 5000; s++) {
      long t = rule.modelThreshold(s);
      assertEquals(Math.floorDiv(s, 2) + 1, t, "s = " + s);
      for (long acc = t - 3; acc <= t + 3; acc++)
        assertEquals(chipFiresFixed(s, acc), acc >= t, "s = " + s + ", acc = " + acc);
      Long back = rule.canonicalRaw(t);
      assertNotNull(back);
      for (long acc = t - 3; acc <= t + 3; acc++)
        assertEquals(chipFiresFixed(s, acc), chipFiresFixed(back, acc), "canonical raw " + back + " of s = " + s + " compares the same");
    }
    // All accumulators of a 27-input layer against a few thresholds, exhaustively.
    for (long s : new long[] {-1060, -1059, -7, -2, -1, 0, 1, 2, 3, 566, 567, 6912, 6913, -6913})
      for (long acc = -128 * 27; acc <= 128 * 27; acc++)
        assertEquals(chipFiresFixed(s, acc), acc >= rule.modelThreshold(s), "s = " + s + ", acc = " + acc);
  }

  @Test
  void fixedPointWrapsLikeTheChip() {
    ThresholdRule rule = new ThresholdRule(7, new FixedFormat(24, 16), 8);
    for (long s : new long[] {1L << 23, (1L << 23) + 5, -(1L << 23) - 1, 1L << 40, (1L << 33) - 3}) {
      long t = rule.modelThreshold(s);
      for (long acc = t - 2; acc <= t + 2; acc++)
        assertEquals(chipFiresFixed(s, acc), acc >= t, "s = " + s + ", acc = " + acc);
    }
    assertNull(rule.canonicalRaw(1L << 24), "beyond ap_fixed<24,16> no raw value compares like t");
  }

  @Test
  void binaryLayersEveryThresholdAroundTheBoundary() {
    ThresholdRule rule = ThresholdRule.binary16();
    for (long raw = -40000; raw <= 40000; raw++) {
      long t = rule.modelThreshold(raw);
      for (long acc = Math.max(0, t - 2); acc <= Math.max(0, t + 2); acc++)
        assertEquals(chipFiresBinary(raw, acc), acc >= t, "T = " + raw + ", acc = " + acc);
      if (raw >= Short.MIN_VALUE && raw <= Short.MAX_VALUE) assertEquals(raw, rule.canonicalRaw(t));
    }
    assertEquals(1, rule.modelThreshold(0));
    assertEquals(32768, rule.modelThreshold(32767)); // a padded row: never fires for acc ≤ 32767
    assertEquals(-32767, rule.modelThreshold(65536 + 32768), "the file's int64 wraps into ap_int<16>");
  }
}
