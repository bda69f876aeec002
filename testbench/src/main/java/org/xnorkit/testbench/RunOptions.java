package org.xnorkit.testbench;

import org.xnorkit.simulator.StallStream;

/**
 * Run-time settings of one harness run (docs/timing.md).
 *
 * @param seed           selects the input-gap and output back-pressure stall streams
 * @param gap            input gap probability per cycle, units of 1/65536 ({@link StallStream#units})
 * @param backpressure   output back-pressure probability per cycle, units of 1/65536
 * @param verilatorSeed  Verilator's own seed for the random initial state and X values
 *                       ({@code +verilator+seed+}); results must not depend on it
 * @param resetCycles    rising edges with aresetn low before cycle 0
 * @param budget         cycle limit: past it the run stops and reports a timeout
 * @param outBeatsPerImage m_axis beats each image produces
 */
public record RunOptions(long seed, int gap, int backpressure, int verilatorSeed, int resetCycles, long budget, int outBeatsPerImage) {
  /** The contract's reset length. */
  public static final int RESET_CYCLES = 8;

  public RunOptions {
    if (gap < 0 || gap >= StallStream.ONE) throw new IllegalArgumentException("gap (" + gap + ") must be in [0, 65536): at 65536 no beat is ever sent");
    if (backpressure < 0 || backpressure >= StallStream.ONE) throw new IllegalArgumentException("backpressure (" + backpressure + ") must be in [0, 65536): at 65536 no result is ever taken");
    if (verilatorSeed < 1) throw new IllegalArgumentException("verilatorSeed (" + verilatorSeed + ") must be >= 1 (0 would mean a time-based seed)");
    if (resetCycles < 1) throw new IllegalArgumentException("resetCycles (" + resetCycles + ") must be >= 1");
    if (budget < 1) throw new IllegalArgumentException("budget (" + budget + ") must be >= 1 cycle");
    if (outBeatsPerImage < 1) throw new IllegalArgumentException("outBeatsPerImage (" + outBeatsPerImage + ") must be >= 1");
  }

  /** No gaps, no back-pressure: the steady state whose cycles per image are compared with the estimate. */
  public static RunOptions steady(long budget, int outBeatsPerImage) {
    return new RunOptions(0, 0, 0, 1, RESET_CYCLES, budget, outBeatsPerImage);
  }

  public RunOptions withStalls(long seed, int gap, int backpressure) {
    return new RunOptions(seed, gap, backpressure, verilatorSeed, resetCycles, budget, outBeatsPerImage);
  }

  public RunOptions withVerilatorSeed(int s) {
    return new RunOptions(seed, gap, backpressure, s, resetCycles, budget, outBeatsPerImage);
  }

  public RunOptions withBudget(long b) {
    return new RunOptions(seed, gap, backpressure, verilatorSeed, resetCycles, b, outBeatsPerImage);
  }

  /**
   * A cycle budget for {@code images} images at {@code cyclesPerImage} (the analytical initiation
   * interval) with {@code latency} cycles to fill the pipeline: stalls stretch time by at most
   * 1/((1−g)(1−b)) on average; twice that, plus slack, separates a slow run from a hung one.
   */
  public static long budget(long cyclesPerImage, long latency, int images, int gap, int backpressure) {
    double stretch = 1.0 / ((1.0 - gap / (double) StallStream.ONE) * (1.0 - backpressure / (double) StallStream.ONE));
    double cycles = (Math.max(1, cyclesPerImage) * (images + 2.0) + Math.max(0, latency)) * stretch * 2.0;
    return (long) Math.min(Long.MAX_VALUE / 2, cycles) + 1000;
  }
}
