package org.xnorkit.train.fold;

/**
 * What the trainer learned for one output channel of a hidden layer, as the float model computes
 * it: batch-norm {@code y = gamma·(dot − mean)/sqrt(var + eps) + beta} on the layer's signed dot
 * product, then K planes {@code plane_k = [y ≥ tau_k]} whose sum is the level ℓ. All in double so
 * the fold is done once, exactly, from the float32 parameters (which are exact doubles).
 */
public record ChannelFold(double gamma, double beta, double mean, double var, double eps, double[] tau) {
  public ChannelFold {
    if (!(var >= 0)) throw new IllegalArgumentException("running variance " + var + " must be >= 0");
    if (!(eps > 0)) throw new IllegalArgumentException("batch-norm eps " + eps + " must be > 0");
    if (tau == null || tau.length < 1) throw new IllegalArgumentException("a channel needs at least one threshold tau");
    for (double t : tau) if (!Double.isFinite(t)) throw new IllegalArgumentException("threshold tau " + t + " is not finite");
    if (!Double.isFinite(gamma) || !Double.isFinite(beta) || !Double.isFinite(mean))
      throw new IllegalArgumentException("batch-norm parameters must be finite: gamma " + gamma + ", beta " + beta + ", mean " + mean);
    tau = tau.clone();
  }

  @Override public double[] tau() { return tau.clone(); }

  public int k() { return tau.length; }

  /** The per-channel slope {@code s = gamma / sqrt(var + eps)}: y = s·(dot − mean) + beta. */
  public double slope() { return gamma / Math.sqrt(var + eps); }
}
