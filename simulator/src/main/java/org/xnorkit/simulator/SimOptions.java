package org.xnorkit.simulator;

import java.nio.file.Path;

/**
 * How to drive one simulated run: the harness protocol of docs/timing.md (seed, stall
 * probabilities in units of 1/65536, cycle budget) plus what to record.
 *
 * @param seed             selects the input-gap and output back-pressure stall streams
 * @param gap              input gap probability per cycle, units of 1/65536 ({@link StallStream#units})
 * @param backpressure     output back-pressure probability per cycle, units of 1/65536
 * @param budget           cycle limit; 0: the contract's budget from the plan's estimates
 * @param recordInputBeats keep the cycle of every s_axis beat (for a beat-by-beat comparison)
 * @param vcd              write the stream handshakes as a VCD file (null: none)
 * @param everyCycle       evaluate every cycle instead of skipping stretches that repeat a cycle
 *                         exactly (the same result, slower: the reference the skipping is tested against)
 */
public record SimOptions(long seed, int gap, int backpressure, long budget, boolean recordInputBeats, Path vcd, boolean everyCycle) {
  public SimOptions {
    if (gap < 0 || gap >= StallStream.ONE) throw new IllegalArgumentException("gap (" + gap + ") must be in [0, 65536): at 65536 no beat is ever sent");
    if (backpressure < 0 || backpressure >= StallStream.ONE) throw new IllegalArgumentException("backpressure (" + backpressure + ") must be in [0, 65536): at 65536 no result is ever taken");
    if (budget < 0) throw new IllegalArgumentException("budget (" + budget + ") must be >= 0 (0: from the plan)");
  }

  public SimOptions(long seed, int gap, int backpressure, long budget, boolean recordInputBeats, Path vcd) {
    this(seed, gap, backpressure, budget, recordInputBeats, vcd, false);
  }

  /** No gaps, no back-pressure, the contract's budget, nothing extra recorded. */
  public static SimOptions steady() { return new SimOptions(0, 0, 0, 0, false, null); }

  public SimOptions withStalls(long s, int g, int b) { return new SimOptions(s, g, b, budget, recordInputBeats, vcd, everyCycle); }
  public SimOptions withBudget(long b) { return new SimOptions(seed, gap, backpressure, b, recordInputBeats, vcd, everyCycle); }
  public SimOptions recordingInputBeats() { return new SimOptions(seed, gap, backpressure, budget, true, vcd, everyCycle); }
  public SimOptions withVcd(Path file) { return new SimOptions(seed, gap, backpressure, budget, recordInputBeats, file, everyCycle); }
  public SimOptions stepEveryCycle() { return new SimOptions(seed, gap, backpressure, budget, recordInputBeats, vcd, true); }

  /**
   * The contract's cycle budget (docs/timing.md, "Cycle budget"), the same formula as the
   * Verilator harness's: the analytical cycles per image times (images + 2) plus the latency
   * estimate, stretched by 1/((1 − g)(1 − b)), doubled, plus 1000.
   */
  public static long contractBudget(long cyclesPerImage, long latency, int images, int gap, int backpressure) {
    double stretch = 1.0 / ((1.0 - gap / (double) StallStream.ONE) * (1.0 - backpressure / (double) StallStream.ONE));
    double cycles = (Math.max(1, cyclesPerImage) * (images + 2.0) + Math.max(0, latency)) * stretch * 2.0;
    return (long) Math.min(Long.MAX_VALUE / 2, cycles) + 1000;
  }
}
