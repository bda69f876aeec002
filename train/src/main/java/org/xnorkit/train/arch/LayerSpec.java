package org.xnorkit.train.arch;

/**
 * One layer of a trainable architecture, in the order the hardware computes it. Compute layers
 * (dense, conv) are binary-weight layers followed by batch-norm and a K-threshold quantizer;
 * max-pool runs on the quantized values; the output layer has binary weights and no batch-norm.
 */
public sealed interface LayerSpec permits LayerSpec.Dense, LayerSpec.Conv, LayerSpec.Pool, LayerSpec.Flatten, LayerSpec.Output {
  String name();

  /** Binary fully connected layer + batch-norm + K-threshold quantizer. */
  record Dense(String name, int inputs, int outputs) implements LayerSpec {}

  /** Binary convolution (square kernel, stride 1) + batch-norm + quantizer; explicit padding with the input's pad value. */
  record Conv(String name, int kernel, int padding, int inChannels, int outChannels) implements LayerSpec {
    public int fanIn() { return kernel * kernel * inChannels; }
  }

  /** Max-pool on quantized levels, no padding. */
  record Pool(String name, int kernel, int stride) implements LayerSpec {}

  /** HWC flatten. */
  record Flatten(String name) implements LayerSpec {}

  /** Binary-weight output layer, scores = XNOR-popcount accumulators (argmax readout). */
  record Output(String name, int inputs, int classes) implements LayerSpec {}
}
