package org.xnorkit.train.export;

/**
 * The float parameters of one trained compute layer, copied out of the training engine, in the
 * trainer's layout: conv weights {@code [out][in][ky][kx]} (NCHW / (c, ky, kx)), dense and output
 * weights {@code [out][in]} with in in HWC order. Hidden layers carry batch-norm (running
 * statistics) and K thresholds per channel ({@code tau[k][c]}); the output layer has neither.
 * {@code kIn} is the number of levels of the layer's input (0 for int8 codes).
 */
public record TrainedLayer(String name, int kIn, float[] weights, float[] gamma, float[] beta, float[] mean, float[] var, float[][] tau) {
  public boolean hasQuantizer() { return gamma != null; }
}
