package org.xnorkit.train.arch;

import java.util.ArrayList;
import java.util.List;
import org.xnorkit.model.InputSpec;

/**
 * A trainable BNN topology: the input encoding (a 256-entry pixel table, as in the model JSON),
 * the layers, and K, the number of thresholds of every hidden quantizer (K = 1: binary activations).
 * Hidden conv layers pad with level 0 (signed value −K); an int8 first layer pads with
 * {@link #INT8_PAD} (pixel 0, the background).
 */
public record Architecture(String name, InputSpec input, List<LayerSpec> layers, int k) {
  /** Pixel p becomes the int8 code p − 128: exact, and the normalization folds into batch-norm. */
  public static final int INT8_PAD = -128;

  public Architecture {
    layers = List.copyOf(layers);
    if (k < 1 || k > 3) throw new IllegalArgumentException("k (" + k + ") must be 1, 2 or 3");
  }

  /** The int8 table q = p − 128. */
  public static InputSpec int8Input(int h, int w, int c) {
    int[] t = new int[256];
    for (int p = 0; p < 256; p++) t[p] = p - 128;
    return new InputSpec(h, w, c, InputSpec.Encoding.INT8, t);
  }

  /**
   * Builds an architecture by name: {@code lfc} (784→1024³→10), {@code sfc} (784→256³→10),
   * {@code convnet} (28×28, 8-bit first layer; conv/pool blocks then dense), {@code cnv} (FINN's CNV
   * for 32×32×3). {@code width} multiplies every hidden width (1.0 = the named size).
   */
  public static Architecture of(String name, int k, double width, int binarizeAt) {
    return of(name, k, width, binarizeAt, 0, 0, 0);
  }

  /**
   * As {@link #of(String, int, double, int)} for images of {@code imageHeight × imageWidth ×
   * imageChannels} (e.g. a downscaled data set, {@code fashion-mnist:train@14x14}): the MLPs read
   * any size (fc0 has h·w·c inputs); the conv topologies only their own. 0, 0, 0: each topology's
   * own size (MLPs 28×28×1).
   */
  public static Architecture of(String name, int k, double width, int binarizeAt, int imageHeight, int imageWidth, int imageChannels) {
    Architecture a = byName(name, k, width, binarizeAt, imageHeight, imageWidth, imageChannels);
    InputSpec in = a.input();
    if (imageHeight > 0 && (in.height() != imageHeight || in.width() != imageWidth || in.channels() != imageChannels))
      throw new IllegalArgumentException("architecture " + name + " reads " + in.height() + "x" + in.width() + "x" + in.channels()
          + " images; the data are " + imageHeight + "x" + imageWidth + "x" + imageChannels + " (only the MLPs lfc, sfc, tiny take other sizes)");
    return a;
  }

  private static Architecture byName(String name, int k, double width, int binarizeAt, int h, int w, int c) {
    if (h <= 0) { h = 28; w = 28; c = 1; }
    switch (name) {
      case "lfc": return mlp("lfc", scaled(1024, width), k, binarizeAt, h, w, c);
      case "sfc": return mlp("sfc", scaled(256, width), k, binarizeAt, h, w, c);
      case "tiny": return mlp("tiny", scaled(32, width), k, binarizeAt, h, w, c);
      case "convnet": return convnet(k, width);
      case "cnv": return cnv(k, width);
      default: throw new IllegalArgumentException("unknown architecture '" + name + "' (expected lfc, sfc, convnet, cnv or tiny)");
    }
  }

  public static List<String> names() { return List.of("lfc", "sfc", "convnet", "cnv", "tiny"); }

  static int scaled(int units, double width) {
    if (!(width > 0)) throw new IllegalArgumentException("width (" + width + ") must be > 0");
    return Math.max(1, (int) Math.round(units * width));
  }

  /** FINN's LFC/SFC MLP on 28×28 binarized pixels: three hidden binary layers and a binary output layer. */
  static Architecture mlp(String name, int units, int k, int binarizeAt) {
    return mlp(name, units, k, binarizeAt, 28, 28, 1);
  }

  /** The same MLP on h×w×c binarized pixels. */
  static Architecture mlp(String name, int units, int k, int binarizeAt, int h, int w, int c) {
    List<LayerSpec> l = new ArrayList<>();
    l.add(new LayerSpec.Dense("fc0", h * w * c, units)); // reads the input flattened in HWC order
    l.add(new LayerSpec.Dense("fc1", units, units));
    l.add(new LayerSpec.Dense("fc2", units, units));
    l.add(new LayerSpec.Output("out", units, 10));
    return new Architecture(name, InputSpec.binarized(h, w, c, binarizeAt), l, k);
  }

  /**
   * A binary ConvNet for 28×28×1: conv3×3(pad 1, 8-bit input) → pool 2 → conv3×3(pad 1) → pool 2 →
   * dense → output. Channels 32·width, 64·width; dense 256·width.
   */
  static Architecture convnet(int k, double width) {
    int c0 = scaled(32, width), c1 = scaled(64, width), d = scaled(256, width);
    List<LayerSpec> l = new ArrayList<>();
    l.add(new LayerSpec.Conv("conv0", 3, 1, 1, c0));
    l.add(new LayerSpec.Pool("pool0", 2, 2));
    l.add(new LayerSpec.Conv("conv1", 3, 1, c0, c1));
    l.add(new LayerSpec.Pool("pool1", 2, 2));
    l.add(new LayerSpec.Flatten("flat"));
    l.add(new LayerSpec.Dense("fc0", 7 * 7 * c1, d));
    l.add(new LayerSpec.Output("out", d, 10));
    return new Architecture("convnet", int8Input(28, 28, 1), l, k);
  }

  /** FINN's CNV: unpadded 3×3 convs 32→30→28→pool 14→12→10→pool 5→3→1, channels 64,64,128,128,256,256; dense 512, 512, 10. */
  static Architecture cnv(int k, double width) {
    int a = scaled(64, width), b = scaled(128, width), c = scaled(256, width), d = scaled(512, width);
    List<LayerSpec> l = new ArrayList<>();
    l.add(new LayerSpec.Conv("conv0", 3, 0, 3, a));
    l.add(new LayerSpec.Conv("conv1", 3, 0, a, a));
    l.add(new LayerSpec.Pool("pool0", 2, 2));
    l.add(new LayerSpec.Conv("conv2", 3, 0, a, b));
    l.add(new LayerSpec.Conv("conv3", 3, 0, b, b));
    l.add(new LayerSpec.Pool("pool1", 2, 2));
    l.add(new LayerSpec.Conv("conv4", 3, 0, b, c));
    l.add(new LayerSpec.Conv("conv5", 3, 0, c, c));
    l.add(new LayerSpec.Flatten("flat"));
    l.add(new LayerSpec.Dense("fc0", c, d));
    l.add(new LayerSpec.Dense("fc1", d, d));
    l.add(new LayerSpec.Output("out", d, 10));
    return new Architecture("cnv", int8Input(32, 32, 3), l, k);
  }
}
