package org.xnorkit.model.layer;

import org.xnorkit.model.ModelException;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Quantizer;

/**
 * 2-D convolution with binary weights (square kernel), followed by its quantizer.
 * weights: {@code outChannels × (kernel·kernel·inChannels)} bits, fan-in order (ky, kx, c).
 * Output size: {@code (in + 2·padding − kernel) / stride + 1} per spatial dimension.
 * {@code padValue} is the signed value a padded element stands for: ±1 for bit inputs,
 * 2ℓ − K (a level ℓ) for K-level inputs, the code itself for int8 inputs.
 */
public record ConvLayer(String name, int kernel, int stride, int padding, int padValue,
                        int inChannels, int outChannels, PackedBits weights, Quantizer quantizer) implements Layer {
  public static final String KIND = "conv2d";

  public ConvLayer {
    LayerChecks.name(name);
    LayerChecks.positive(name, "/kernel", "kernel", kernel);
    LayerChecks.positive(name, "/stride", "stride", stride);
    if (padding < 0) throw new ModelException("/padding", name, "padding (" + padding + ") must be >= 0");
    if (padding >= kernel) throw new ModelException("/padding", name, "padding (" + padding + ") must be < kernel (" + kernel + ")");
    LayerChecks.positive(name, "/inChannels", "inChannels", inChannels);
    LayerChecks.positive(name, "/outChannels", "outChannels", outChannels);
    if ((long) kernel * kernel * inChannels > Integer.MAX_VALUE)
      throw new ModelException("/kernel", name, "fan-in kernel*kernel*inChannels = " + (long) kernel * kernel * inChannels + " is more than " + Integer.MAX_VALUE);
    LayerChecks.weights(name, weights, outChannels, kernel * kernel * inChannels, "outChannels x kernel*kernel*inChannels");
    if (quantizer == null) throw new ModelException("/quantizer", name, "is missing (every hidden layer has a quantizer)");
    if (quantizer.channels() != outChannels)
      throw new ModelException("/quantizer/channels", name, "quantizer has " + quantizer.channels() + " channels, expected outChannels = " + outChannels);
  }

  /** Fan-in of one output element: kernel²·inChannels. */
  public int fanIn() { return kernel * kernel * inChannels; }

  /** Output size along a spatial dimension of input size {@code in} (computed in long: in + 2·padding can pass 2^31). */
  public int outSize(int in) { return (int) Math.min(Integer.MAX_VALUE, ((long) in + 2L * padding - kernel) / stride + 1); }

  @Override public String kind() { return KIND; }
  @Override public <R> R accept(LayerVisitor<R> v) { return v.visitConv(this); }
  @Override public boolean isCompute() { return true; }
}
