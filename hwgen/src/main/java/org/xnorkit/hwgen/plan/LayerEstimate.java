package org.xnorkit.hwgen.plan;

/**
 * Analytical figures of one unit. These are estimates (see {@link CostModel} for the formulas):
 * cycles come from the folding loop bounds and are exact for the steady state; resources are a
 * first-order model, not a synthesis result.
 *
 * @param cyclesPerImage cycles the unit is busy per image (its initiation interval)
 * @param latencyCycles  pipeline latency of the unit from its last input beat of a vector to its last output beat
 * @param luts           LUT6 estimate
 * @param ffs            flip-flop estimate
 * @param bram18         18-Kbit block RAMs for the weights
 */
public record LayerEstimate(long cyclesPerImage, long latencyCycles, long luts, long ffs, long bram18) {
  public static final LayerEstimate NONE = new LayerEstimate(0, 0, 0, 0, 0);

  public LayerEstimate plus(LayerEstimate o) {
    return new LayerEstimate(Math.max(cyclesPerImage, o.cyclesPerImage), latencyCycles + o.latencyCycles,
        luts + o.luts, ffs + o.ffs, bram18 + o.bram18);
  }
}
