package org.xnorkit.train.fold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xnorkit.model.Quantizer;

/**
 * The fold must give, for every accumulator value in range, exactly the level the float model
 * computes: ℓ = #{k : gamma·(dot − mean)/sqrt(var + eps) + beta ≥ tau_k}. Checked exhaustively
 * over the accumulator range, for positive, negative and zero scales and K = 1, 2, 3.
 */
class ThresholdFoldTest {
  private static final double EPS = 1e-4;

  /** The float model's level, in double, for one channel. */
  static int floatLevel(ChannelFold ch, long dot) {
    double y = ch.gamma() * (dot - ch.mean()) / Math.sqrt(ch.var() + ch.eps()) + ch.beta();
    int l = 0;
    for (double t : ch.tau()) if (y >= t) l++;
    return l;
  }

  static void assertExact(ChannelFold ch, AccumulatorMap map) {
    Quantizer q = ThresholdFold.quantizer(new ChannelFold[] {ch}, map);
    for (long acc = map.accMin(); acc <= map.accMax(); acc++)
      assertEquals(floatLevel(ch, map.dot(acc)), q.level(0, acc),
          () -> "acc " + " of " + ch + " direction " + q.direction(0) + " thresholds " + java.util.Arrays.toString(q.thresholds()));
  }

  @Test void positiveScaleBinaryLayer() {
    // n = 10 inputs, K_in = 1: dot = 2 acc − 10. y = 2·(dot − 1)/1 ≥ 0.5 ⇔ dot ≥ 1.25 ⇔ acc ≥ 5.625 → 6.
    ChannelFold ch = new ChannelFold(2, 0, 1, 1 - EPS, EPS, new double[] {0.5});
    Quantizer q = ThresholdFold.quantizer(new ChannelFold[] {ch}, AccumulatorMap.levels(1, 10));
    assertEquals(1, q.direction(0));
    assertArrayEquals(new int[] {6}, q.thresholds());
    assertExact(ch, AccumulatorMap.levels(1, 10));
  }

  @Test void negativeScaleGivesDirectionMinusOne() {
    // y = −2·(dot − 1) ≥ 0.5 ⇔ dot ≤ 0.75 ⇔ acc ≤ 5.375 → 5.
    ChannelFold ch = new ChannelFold(-2, 0, 1, 1 - EPS, EPS, new double[] {0.5});
    Quantizer q = ThresholdFold.quantizer(new ChannelFold[] {ch}, AccumulatorMap.levels(1, 10));
    assertEquals(-1, q.direction(0));
    assertArrayEquals(new int[] {5}, q.thresholds());
    assertExact(ch, AccumulatorMap.levels(1, 10));
  }

  @Test void zeroScaleIsAlwaysOnOrAlwaysOff() {
    AccumulatorMap map = AccumulatorMap.levels(1, 10);
    Quantizer on = ThresholdFold.quantizer(new ChannelFold[] {new ChannelFold(0, 0.3, 4, 2, EPS, new double[] {0.1})}, map);
    Quantizer off = ThresholdFold.quantizer(new ChannelFold[] {new ChannelFold(0, 0.3, 4, 2, EPS, new double[] {0.7})}, map);
    assertArrayEquals(new int[] {0}, on.thresholds());   // acc ≥ accMin: always on
    assertArrayEquals(new int[] {11}, off.thresholds()); // acc ≥ accMax + 1: always off
    for (long acc = 0; acc <= 10; acc++) { assertEquals(1, on.level(0, acc)); assertEquals(0, off.level(0, acc)); }
    // K = 3 with beta between the thresholds: two planes on, one off.
    ChannelFold mid = new ChannelFold(0, 0.3, 4, 2, EPS, new double[] {-1, 0.2, 0.9});
    assertExact(mid, AccumulatorMap.levels(2, 7));
  }

  @Test void thresholdsOutsideTheRangeAreClampedToAlwaysOnOrOff() {
    AccumulatorMap map = AccumulatorMap.levels(1, 8);
    ChannelFold low = new ChannelFold(1, 0, -1000, 1, EPS, new double[] {0});
    ChannelFold high = new ChannelFold(1, 0, 1000, 1, EPS, new double[] {0});
    assertArrayEquals(new int[] {0}, ThresholdFold.quantizer(new ChannelFold[] {low}, map).thresholds());
    assertArrayEquals(new int[] {9}, ThresholdFold.quantizer(new ChannelFold[] {high}, map).thresholds());
    ChannelFold lowNeg = new ChannelFold(-1, 0, -1000, 1, EPS, new double[] {0});
    assertArrayEquals(new int[] {-1}, ThresholdFold.quantizer(new ChannelFold[] {lowNeg}, map).thresholds()); // acc ≤ −1: always off
    assertExact(low, map); assertExact(high, map); assertExact(lowNeg, map);
  }

  @Test void kThresholdsWithNegativeScaleComeOutAscending() {
    ChannelFold ch = new ChannelFold(-0.7, 0.1, 3, 5, EPS, new double[] {-0.6745, 0, 0.6745});
    Quantizer q = ThresholdFold.quantizer(new ChannelFold[] {ch}, AccumulatorMap.levels(3, 9));
    assertEquals(-1, q.direction(0));
    int[] t = q.thresholds();
    for (int j = 1; j < t.length; j++) assertEquals(true, t[j - 1] <= t[j]);
    assertExact(ch, AccumulatorMap.levels(3, 9));
  }

  @Test void int8FirstLayerFoldsOnTheDotItself() {
    // acc = Σ w·q ∈ [−128·9, 128·9]; mean/var of a real first layer are in the hundreds.
    AccumulatorMap map = AccumulatorMap.int8(9);
    assertExact(new ChannelFold(1.3, -0.2, 140.5, 3.2e4, EPS, new double[] {0.25}), map);
    assertExact(new ChannelFold(-0.4, 0.9, -77, 1.1e4, EPS, new double[] {-0.43, 0.43}), map);
  }

  @Test void randomChannelsAreExactForEveryAccumulator() {
    Random r = new Random(7);
    for (int trial = 0; trial < 3000; trial++) {
      int kIn = 1 + r.nextInt(3), k = 1 + r.nextInt(3), n = 1 + r.nextInt(40);
      AccumulatorMap map = r.nextInt(4) == 0 ? AccumulatorMap.int8(1 + r.nextInt(4)) : AccumulatorMap.levels(kIn, n);
      double span = map.accMax() - map.accMin() + 1;
      double gamma = r.nextInt(10) == 0 ? 0 : (float) (r.nextGaussian() * 2);
      double[] tau = new double[k];
      for (int j = 0; j < k; j++) tau[j] = (float) (r.nextGaussian());
      // Thresholds that hit a dot value exactly (ties) are the interesting case: y = tau exactly.
      double mean = r.nextBoolean() ? (float) (r.nextGaussian() * span / 2) : Math.rint(r.nextGaussian() * span / 4);
      double var = (float) (Math.abs(r.nextGaussian()) * span + 0.01);
      assertExact(new ChannelFold(gamma, (float) r.nextGaussian(), mean, var, EPS, tau), map);
    }
  }

  @Test void badParametersAreRejectedWithTheirValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChannelFold(1, 0, 0, -1, EPS, new double[] {0}));
    assertEquals(true, e.getMessage().contains("-1"));
    assertThrows(IllegalArgumentException.class, () -> new ChannelFold(1, 0, 0, 1, EPS, new double[] {Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> new ChannelFold(Double.NaN, 0, 0, 1, EPS, new double[] {0}));
  }
}
