package org.xnorkit.model;

import java.util.Arrays;

/**
 * Per-channel K-threshold quantizer: integer accumulator → level ℓ in [0, K].
 * Direction +1: ℓ = #{k : acc ≥ t_k}; direction −1: ℓ = #{k : acc ≤ t_k}.
 * Thresholds are stored channel-major ({@code thresholds[c * k + j]}) and ascending per channel.
 * K = 1 is the plain sign; K > 1 gives multi-bit "expanded information" activations.
 * Range checks against the accumulator range are done by {@link NetworkValidator}, which knows it.
 * Arrays are copied in and out.
 */
public record Quantizer(int channels, int k, int[] thresholds, int[] directions) {
  public Quantizer {
    if (channels < 1) throw new ModelException("/channels", null, "channels (" + channels + ") must be >= 1");
    if (k < 1) throw new ModelException("/k", null, "k (" + k + ") must be >= 1");
    // channels*k in long: an int product can wrap around to the array's length.
    if (thresholds == null || thresholds.length != (long) channels * k)
      throw new ModelException("/thresholds", null, "has " + (thresholds == null ? 0 : thresholds.length)
          + " entries, expected channels*k = " + channels + "*" + k + " = " + (long) channels * k);
    if (directions == null || directions.length != channels)
      throw new ModelException("/directions", null, "has " + (directions == null ? 0 : directions.length)
          + " entries, expected one per channel = " + channels);
    thresholds = thresholds.clone();
    directions = directions.clone();
    for (int c = 0; c < channels; c++) {
      if (directions[c] != 1 && directions[c] != -1)
        throw new ModelException("/directions/" + c, null, "direction " + directions[c] + " must be +1 or -1");
      for (int j = 1; j < k; j++)
        if (thresholds[c * k + j] < thresholds[c * k + j - 1])
          throw new ModelException("/thresholds/" + (c * k + j), null, "channel " + c + ": thresholds must be ascending, found "
              + thresholds[c * k + j - 1] + " then " + thresholds[c * k + j]);
    }
  }

  /** All channels direction +1 with the given channel-major thresholds. */
  public static Quantizer ascending(int channels, int k, int[] thresholds) {
    int[] d = new int[channels];
    Arrays.fill(d, 1);
    return new Quantizer(channels, k, thresholds, d);
  }

  @Override public int[] thresholds() { return thresholds.clone(); }
  @Override public int[] directions() { return directions.clone(); }

  public int threshold(int channel, int j) { return thresholds[channel * k + j]; }
  public int direction(int channel) { return directions[channel]; }

  /** The level of {@code acc} on {@code channel}, straight from the definition. */
  public int level(int channel, long acc) {
    int l = 0, base = channel * k;
    if (directions[channel] > 0) { for (int j = 0; j < k; j++) if (acc >= thresholds[base + j]) l++; }
    else { for (int j = 0; j < k; j++) if (acc <= thresholds[base + j]) l++; }
    return l;
  }

  @Override public boolean equals(Object o) {
    return o instanceof Quantizer q && q.channels == channels && q.k == k
        && Arrays.equals(q.thresholds, thresholds) && Arrays.equals(q.directions, directions);
  }
  @Override public int hashCode() { return Arrays.hashCode(thresholds) * 31 + Arrays.hashCode(directions); }
  @Override public String toString() { return "Quantizer[channels=" + channels + ", k=" + k + "]"; }
}
