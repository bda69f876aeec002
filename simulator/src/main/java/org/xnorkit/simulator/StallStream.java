package org.xnorkit.simulator;

/**
 * One seeded stall stream of the timing contract (docs/timing.md, "Stall streams"): a splitmix64
 * generator drawn exactly once per cycle, whatever the design does; cycle c stalls iff the top 16
 * bits of draw c are below the threshold (a probability in units of 1/65536). The C++ harness has
 * the same generator, and the cycle simulator draws the same values, so a stall pattern is
 * reproducible bit for bit from its seed.
 *
 * <p>It lives in the simulator module because the Java cycle simulator draws it too and must not
 * depend on the testbench (the testbench depends on the simulator).
 *
 * <p>Mutable (it is a generator): one instance per stream and run, never shared.
 */
public final class StallStream {
  /** Probability 1 in the units of {@link #threshold()}. */
  public static final int ONE = 1 << 16;

  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long state;
  private final int threshold;

  private StallStream(long initialState, int threshold) {
    if (threshold < 0 || threshold > ONE)
      throw new IllegalArgumentException("stall threshold (" + threshold + ") must be in [0, " + ONE + "] (units of 1/65536)");
    this.state = initialState;
    this.threshold = threshold;
  }

  /** The input-gap stream of a run with seed {@code seed}: s_axis_tvalid stays low on a stall. */
  public static StallStream inputGaps(long seed, int threshold) { return new StallStream(initialStates(seed)[0], threshold); }

  /** The output back-pressure stream of a run with seed {@code seed}: m_axis_tready is low on a stall. */
  public static StallStream outputBackpressure(long seed, int threshold) { return new StallStream(initialStates(seed)[1], threshold); }

  /**
   * The initial states of the two streams of seed S: the first two outputs of a splitmix64
   * seeded with S (first: input gaps, second: output back-pressure).
   */
  static long[] initialStates(long seed) {
    long s = seed;
    s += GAMMA;
    long gap = mix(s);
    s += GAMMA;
    return new long[] {gap, mix(s)};
  }

  /** The next raw 64-bit draw (unsigned). */
  public long nextDraw() {
    state += GAMMA;
    return mix(state);
  }

  /**
   * Makes {@code n} draws without looking at them, in O(1): splitmix64's state only ever adds
   * the gamma, so n draws move it by n·gamma. A simulator that skips cycles whose draws cannot
   * matter (no beat to present, no valid result) stays in step with the harness this way.
   */
  public void skip(long n) {
    if (n < 0) throw new IllegalArgumentException("cannot skip " + n + " draws");
    state += n * GAMMA;
  }

  /** True when no draw can stall (threshold 0): every cycle goes ahead. */
  public boolean never() { return threshold == 0; }

  /** Draws once: true iff this cycle stalls. */
  public boolean stall() { return (nextDraw() >>> 48) < threshold; }

  public int threshold() { return threshold; }

  /** A probability p in [0, 1] in units of 1/65536, rounded to nearest. */
  public static int units(double probability) {
    if (!(probability >= 0 && probability <= 1))
      throw new IllegalArgumentException("stall probability (" + probability + ") must be in [0, 1]");
    return (int) Math.round(probability * ONE);
  }

  // splitmix64's finalizer (variant 13 of Stafford's mixers), as in Java's SplittableRandom.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
