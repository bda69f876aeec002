package org.xnorkit.train.fold;

import java.util.Arrays;
import org.xnorkit.model.Quantizer;

/**
 * Folds a channel's batch-norm and learned thresholds into integer accumulator thresholds
 * (docs/folding.md). With s = gamma/sqrt(var + eps):
 *
 * <pre>
 *   plane_k = [s·(dot − mean) + beta ≥ tau_k]
 *   s > 0:  dot ≥ D_k,  D_k = mean + (tau_k − beta)/s   → direction +1, acc ≥ ceil((D_k − offset)/scale)
 *   s < 0:  dot ≤ D_k                                  → direction −1, acc ≤ floor((D_k − offset)/scale)
 *   s = 0:  plane_k = [beta ≥ tau_k], a constant       → always on / always off
 * </pre>
 *
 * then clamped to the quantizer's legal range ([accMin, accMax+1] for +1, [accMin−1, accMax] for
 * −1; clamping changes no level since the accumulator never leaves [accMin, accMax]) and sorted
 * ascending (the level counts a set of conditions, so their order is free). The ceil/floor is exact
 * where D_k is a representable double; {@link #CEIL_SLACK} guards against a D_k that lands a few ulps
 * off an integer because of double rounding.
 */
public final class ThresholdFold {
  /** Relative distance to an integer under which a bound counts as that integer (double rounding noise). */
  static final double CEIL_SLACK = 1e-9;

  private ThresholdFold() {}

  /** One channel: its direction and K ascending thresholds. */
  public record Folded(int direction, int[] thresholds) {
    public Folded { thresholds = thresholds.clone(); }
    @Override public int[] thresholds() { return thresholds.clone(); }
  }

  public static Folded fold(ChannelFold ch, AccumulatorMap map) {
    double s = ch.slope();
    double[] tau = ch.tau();
    int k = tau.length;
    int[] t = new int[k];
    if (s == 0 || !Double.isFinite(s)) {
      if (!Double.isFinite(s)) throw new IllegalArgumentException("batch-norm slope gamma/sqrt(var+eps) = " + s + " is not finite");
      // y = beta for every input: each plane is a constant.
      for (int j = 0; j < k; j++) t[j] = toInt(ch.beta() >= tau[j] ? map.accMin() : map.accMax() + 1);
      Arrays.sort(t);
      return new Folded(1, t);
    }
    int dir = s > 0 ? 1 : -1;
    for (int j = 0; j < k; j++) {
      double d = ch.mean() + (tau[j] - ch.beta()) / s; // dot bound
      double a = (d - map.offset()) / map.scale();     // accumulator bound
      long acc;
      if (dir > 0) acc = ceilExact(a); else acc = floorExact(a);
      long lo = dir > 0 ? map.accMin() : map.accMin() - 1, hi = dir > 0 ? map.accMax() + 1 : map.accMax();
      t[j] = toInt(Math.max(lo, Math.min(hi, acc)));
    }
    Arrays.sort(t);
    return new Folded(dir, t);
  }

  /** Folds all channels of a layer into a {@link Quantizer}. */
  public static Quantizer quantizer(ChannelFold[] channels, AccumulatorMap map) {
    int k = channels[0].k();
    int[] th = new int[channels.length * k];
    int[] dir = new int[channels.length];
    for (int c = 0; c < channels.length; c++) {
      if (channels[c].k() != k) throw new IllegalArgumentException("channel " + c + " has " + channels[c].k() + " thresholds, channel 0 has " + k);
      Folded f = fold(channels[c], map);
      dir[c] = f.direction();
      System.arraycopy(f.thresholds(), 0, th, c * k, k);
    }
    return new Quantizer(channels.length, k, th, dir);
  }

  static long ceilExact(double a) {
    if (!Double.isFinite(a)) return a > 0 ? Long.MAX_VALUE / 4 : Long.MIN_VALUE / 4;
    double r = Math.rint(a);
    if (Math.abs(a - r) <= CEIL_SLACK * Math.max(1, Math.abs(a))) return (long) r;
    return (long) Math.ceil(a);
  }

  static long floorExact(double a) {
    if (!Double.isFinite(a)) return a > 0 ? Long.MAX_VALUE / 4 : Long.MIN_VALUE / 4;
    double r = Math.rint(a);
    if (Math.abs(a - r) <= CEIL_SLACK * Math.max(1, Math.abs(a))) return (long) r;
    return (long) Math.floor(a);
  }

  private static int toInt(long v) {
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw new ArithmeticException("threshold " + v + " does not fit in an int");
    return (int) v;
  }
}
