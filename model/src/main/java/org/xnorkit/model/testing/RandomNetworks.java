package org.xnorkit.model.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.xnorkit.model.AccumulatorRange;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;

/**
 * Seeded generator of random <em>valid</em> networks and images, for property tests in every module
 * (the reference engine against the naive evaluator, the cycle model and the RTL against the engine).
 *
 * <p>Covers every layer kind: dense; conv2d with kernel 1..5, stride 1..3, padding 0..kernel−1 and
 * any legal pad value of its input domain; maxpool; flatten (also before a conv, on 1×1×N); the
 * output layer with binary or integer weights, optional scale/offset, optional thresholds read by
 * highestSetBit or argmax. Both input encodings (bits and int8 tables of several kinds), K = 1..3 per
 * layer, directions ±1. Widths come from {1, 63, 64, 65, 127, 128, 129} (the word boundaries) and
 * from small and odd sizes. Thresholds are drawn around the accumulator's mean with its spread (so
 * exact ties with reachable values are common), at the end values that mean always on / always off,
 * at accMin and accMax, and uniformly over the legal range. Weight rows are random, all ones, all
 * zeros or biased. A budget of multiply-accumulates ({@link Bounds#maxMacs}) keeps each network
 * cheap to evaluate naively.
 *
 * <p>Not thread-safe; one instance per seed. The same seed and calls give the same networks.
 */
public final class RandomNetworks {
  /** Which layer kinds a network may contain besides the output layer. */
  public enum Family {
    /** Dense layers only (with optional flatten layers), on flat or image-shaped inputs. */
    MLP,
    /** At least one conv2d, conv2d/maxpool first, then optional flatten and dense layers. */
    CONV,
    /** Any kind in any valid order, conv2d after dense or flatten included. */
    ANY
  }

  /**
   * Shape family and size bounds. {@code encoding} null means either input encoding;
   * {@code maxMacs} bounds Σ over layers of fan-in·planes·outputs·positions.
   */
  public record Bounds(Family family, int maxHidden, int maxWidth, int maxSpatial, int maxChannels, int maxK,
                       InputSpec.Encoding encoding, long maxMacs) {
    public Bounds {
      if (family == null) throw new IllegalArgumentException("family is missing");
      if (maxHidden < 0 || maxWidth < 1 || maxSpatial < 1 || maxChannels < 1 || maxK < 1 || maxMacs < 1)
        throw new IllegalArgumentException("bounds must be positive (maxHidden >= 0): " + this);
    }

    /** Any family, up to 4 hidden layers, widths up to 129, images up to 9×9, 65 channels, K up to 3. */
    public static Bounds defaults() { return new Bounds(Family.ANY, 4, 129, 9, 65, 3, null, 300_000); }

    public Bounds withFamily(Family f) { return new Bounds(f, maxHidden, maxWidth, maxSpatial, maxChannels, maxK, encoding, maxMacs); }
    public Bounds withMaxHidden(int n) { return new Bounds(family, n, maxWidth, maxSpatial, maxChannels, maxK, encoding, maxMacs); }
    public Bounds withMaxWidth(int n) { return new Bounds(family, maxHidden, n, maxSpatial, maxChannels, maxK, encoding, maxMacs); }
    public Bounds withMaxSpatial(int n) { return new Bounds(family, maxHidden, maxWidth, n, maxChannels, maxK, encoding, maxMacs); }
    public Bounds withMaxChannels(int n) { return new Bounds(family, maxHidden, maxWidth, maxSpatial, n, maxK, encoding, maxMacs); }
    public Bounds withMaxK(int k) { return new Bounds(family, maxHidden, maxWidth, maxSpatial, maxChannels, k, encoding, maxMacs); }
    public Bounds withEncoding(InputSpec.Encoding e) { return new Bounds(family, maxHidden, maxWidth, maxSpatial, maxChannels, maxK, e, maxMacs); }
    public Bounds withMaxMacs(long m) { return new Bounds(family, maxHidden, maxWidth, maxSpatial, maxChannels, maxK, encoding, m); }
  }

  /** Widths at and around the 64-bit word boundaries. */
  public static final int[] EDGE_WIDTHS = {1, 63, 64, 65, 127, 128, 129};

  private final long seed;
  private final SplittableRandom rnd;

  public RandomNetworks(long seed) {
    this.seed = seed;
    this.rnd = new SplittableRandom(seed);
  }

  public long seed() { return seed; }

  /** A random network within {@link Bounds#defaults()}. */
  public Network network() { return network(Bounds.defaults()); }

  /** A random network of the given family within the given bounds. */
  public Network network(Bounds b) {
    InputSpec input = input(b);
    List<Layer> layers = new ArrayList<>();
    TensorType t = input.tensorType();
    long budget = b.maxMacs();
    int hidden = rnd.nextInt(b.maxHidden() + 1);
    if (b.family() == Family.CONV) hidden = Math.max(1, hidden);
    boolean convPhase = b.family() != Family.MLP;
    for (int i = 0; i < hidden; i++) {
      String kind = pickKind(b, t, i, convPhase);
      if (kind.equals("dense") && b.family() == Family.CONV) convPhase = false;
      if (kind.equals("flatten")) {
        layers.add(new FlattenLayer("flat" + layers.size()));
        t = t.flattened();
        if (b.family() == Family.CONV) convPhase = false;
        // A flatten is followed by a compute layer; in ANY sometimes a conv on the 1×1×N vector.
        kind = b.family() == Family.ANY && rnd.nextInt(3) == 0 ? "conv" : "dense";
      }
      Layer layer;
      String name = (kind.equals("conv") ? "conv" : kind.equals("maxpool") ? "pool" : "fc") + layers.size();
      if (kind.equals("maxpool")) layer = maxPool(name, t);
      else {
        int k = 1 + rnd.nextInt(b.maxK());
        if (kind.equals("conv")) {
          int[] shape = convShape(t, b.maxSpatial());
          int out = pickWidth(b.maxChannels(), true);
          long per = (long) outArea(t, shape) * shape[0] * shape[0] * t.channels() * planes(t);
          while (out > 1 && per * out > budget) out = (out + 1) / 2;
          layer = conv(name, t, shape[0], shape[1], shape[2], out, k);
          budget -= per * out;
        } else {
          int out = pickWidth(b.maxWidth(), false);
          long per = (long) t.size() * planes(t);
          while (out > 1 && per * out > budget) out = (out + 1) / 2;
          layer = dense(name, t, out, k);
          budget -= per * out;
        }
      }
      layers.add(layer);
      t = next(t, layer);
      if (budget <= 0) break;
    }
    if (rnd.nextInt(6) == 0 && (t.height() > 1 || t.width() > 1)) {
      layers.add(new FlattenLayer("flat" + layers.size()));
      t = t.flattened();
    }
    layers.add(output("out", t, pickClasses(b.maxWidth())));
    return new Network("random_" + Long.toHexString(seed), input, layers, Map.of("source", "RandomNetworks seed " + seed));
  }

  /**
   * A network of dense layers with the given widths on {@code input}: {@code widths[0..n−2]} are
   * hidden layers with K-level quantizers, {@code widths[n−1]} is the number of classes (binary
   * output weights, argmax). Thresholds sit around each accumulator's mean, so activations are
   * balanced. E.g. LFC: {@code mlp(InputSpec.binarized(28, 28, 1, 128), 1, 1024, 1024, 1024, 10)}.
   */
  public Network mlp(InputSpec input, int k, int... widths) {
    if (widths.length < 1) throw new IllegalArgumentException("widths must end with the number of classes");
    List<Layer> layers = new ArrayList<>();
    TensorType t = input.tensorType();
    for (int i = 0; i + 1 < widths.length; i++) {
      DenseLayer d = dense("fc" + i, t, widths[i], k, true);
      layers.add(d);
      t = next(t, d);
    }
    PackedBits w = bits(widths[widths.length - 1], t.size());
    layers.add(new OutputLayer("out", t.size(), widths[widths.length - 1], new OutputWeights.Binary(w), null, null, null, Readout.ARGMAX));
    return new Network("mlp_" + Long.toHexString(seed), input, layers, Map.of("source", "RandomNetworks seed " + seed));
  }

  /** A random dense layer reading {@code in}, with a K-level quantizer drawn to include ties and end values. */
  public DenseLayer dense(String name, TensorType in, int outputs, int k) { return dense(name, in, outputs, k, false); }

  private DenseLayer dense(String name, TensorType in, int outputs, int k, boolean balanced) {
    int n = in.size();
    Quantizer q = quantizer(outputs, k, AccumulatorRange.binary(in, n), mean(in, n), spread(in, n), balanced);
    return new DenseLayer(name, n, outputs, bits(outputs, n), q);
  }

  /** A random conv2d layer reading {@code in} with a random legal pad value and a K-level quantizer. */
  public ConvLayer conv(String name, TensorType in, int kernel, int stride, int padding, int outChannels, int k) {
    int fanIn = kernel * kernel * in.channels();
    Quantizer q = quantizer(outChannels, k, AccumulatorRange.binary(in, fanIn), mean(in, fanIn), spread(in, fanIn), false);
    return new ConvLayer(name, kernel, stride, padding, padValue(in), in.channels(), outChannels, bits(outChannels, fanIn), q);
  }

  /** A random output layer reading {@code in}: binary or integer weights, optional scale/offset and thresholds. */
  public OutputLayer output(String name, TensorType in, int classes) {
    int n = in.size();
    OutputWeights w;
    if (rnd.nextInt(10) < 7) w = new OutputWeights.Binary(bits(classes, n));
    else {
      int wb = rnd.nextInt(8) == 0 ? (rnd.nextBoolean() ? 16 : 32) : 2 + rnd.nextInt(7);
      long lo = -(1L << (wb - 1)), hi = (1L << (wb - 1)) - 1;
      int[] v = new int[classes * n];
      boolean extremes = rnd.nextInt(5) == 0;
      for (int i = 0; i < v.length; i++) v[i] = (int) (extremes ? (rnd.nextBoolean() ? lo : hi) : rnd.nextLong(lo, hi + 1));
      w = new OutputWeights.Integer(wb, classes, n, v);
    }
    int[] scale = null, offset = null;
    if (rnd.nextBoolean()) {
      scale = new int[classes];
      offset = new int[classes];
      for (int c = 0; c < classes; c++) {
        scale[c] = rnd.nextInt(7) - 3;
        offset[c] = rnd.nextInt(201) - 100;
      }
    }
    OutputLayer plain = new OutputLayer(name, n, classes, w, scale, offset, null, Readout.ARGMAX);
    if (rnd.nextBoolean()) return plain;
    AccumulatorRange acc = AccumulatorRange.of(plain, in);
    double m, sd;
    if (w instanceof OutputWeights.Binary) { m = mean(in, n); sd = spread(in, n); }
    else { m = 0; sd = Math.sqrt(n * meanSquare(in) * Math.pow(2, 2 * (((OutputWeights.Integer) w).bits() - 1)) / 3); }
    int[] t = new int[classes], d = new int[classes];
    for (int c = 0; c < classes; c++) {
      AccumulatorRange r = acc.scaled(plain.scale(c), plain.offset(c));
      d[c] = rnd.nextBoolean() ? 1 : -1;
      t[c] = threshold(r, d[c], plain.scale(c) * m + plain.offset(c), Math.abs(plain.scale(c)) * sd, false);
    }
    Readout readout = rnd.nextInt(10) < 7 ? Readout.HIGHEST_SET_BIT : Readout.ARGMAX;
    return new OutputLayer(name, n, classes, w, scale, offset, new Quantizer(classes, 1, t, d), readout);
  }

  /** A random max-pool layer that fits {@code in}. */
  public MaxPoolLayer maxPool(String name, TensorType in) {
    int kernel = 1 + rnd.nextInt(Math.min(3, Math.min(in.height(), in.width())));
    return new MaxPoolLayer(name, kernel, 1 + rnd.nextInt(3));
  }

  /** A random input spec within the bounds. */
  public InputSpec input(Bounds b) {
    InputSpec.Encoding enc = b.encoding() != null ? b.encoding()
        : rnd.nextInt(3) == 0 ? InputSpec.Encoding.INT8 : InputSpec.Encoding.BITS;
    int h, w, c;
    if (b.family() == Family.MLP && rnd.nextBoolean()) {
      h = 1;
      w = 1;
      c = pickWidth(b.maxWidth(), false);
    } else {
      h = 1 + rnd.nextInt(b.maxSpatial());
      w = rnd.nextInt(3) == 0 ? h : 1 + rnd.nextInt(b.maxSpatial());
      c = rnd.nextInt(5) == 0 ? pickWidth(b.maxChannels(), true) : 1 + rnd.nextInt(Math.min(4, b.maxChannels()));
    }
    return new InputSpec(h, w, c, enc, table(enc));
  }

  /** A random 256-entry input table of one of several kinds (threshold, random, ramp, extremes, small codes). */
  public int[] table(InputSpec.Encoding enc) {
    int[] t = new int[256];
    int mode = rnd.nextInt(4);
    if (enc == InputSpec.Encoding.BITS) {
      int thr = rnd.nextInt(257); // 0: all ones, 256: all zeros
      for (int p = 0; p < 256; p++)
        t[p] = switch (mode) { case 0, 1 -> p >= thr ? 1 : 0; case 2 -> rnd.nextInt(2); default -> p & 1; };
    } else {
      for (int p = 0; p < 256; p++)
        t[p] = switch (mode) {
          case 0 -> rnd.nextInt(256) - 128;
          case 1 -> rnd.nextInt(5) - 2; // small codes: accumulators narrow enough for ties
          case 2 -> Math.min(127, (512 * p + 255) / 510 - 128); // BNN-PYNQ CNV's scaling
          default -> p < 128 ? -128 : 127;
        };
    }
    return t;
  }

  /** A random image for {@code in}: H·W·C bytes, HWC; uniform, constant, 0/255 only, or near 128. */
  public byte[] image(InputSpec in) {
    byte[] px = new byte[in.height() * in.width() * in.channels()];
    int mode = rnd.nextInt(20);
    int constant = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(4) == 0 ? 255 : rnd.nextInt(256);
    for (int i = 0; i < px.length; i++) {
      int v;
      if (mode < 12) v = rnd.nextInt(256);
      else if (mode < 14) v = constant;
      else if (mode < 17) v = rnd.nextBoolean() ? 0 : 255;
      else v = 120 + rnd.nextInt(17);
      px[i] = (byte) v;
    }
    return px;
  }

  /** {@code count} random images for {@code in}. */
  public byte[][] images(InputSpec in, int count) {
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) out[i] = image(in);
    return out;
  }

  /** A random bit matrix: rows uniform, all ones, all zeros or biased. */
  public PackedBits bits(int rows, int cols) {
    long[] w = new long[rows * PackedBits.wordsFor(cols)];
    int wpr = PackedBits.wordsFor(cols);
    for (int r = 0; r < rows; r++) {
      int mode = rnd.nextInt(20);
      for (int j = 0; j < wpr; j++) {
        long v = switch (mode) {
          case 0 -> -1L;
          case 1 -> 0L;
          case 2 -> rnd.nextLong() & rnd.nextLong() & rnd.nextLong(); // mostly −1
          case 3 -> rnd.nextLong() | rnd.nextLong() | rnd.nextLong(); // mostly +1
          default -> rnd.nextLong();
        };
        int rest = cols - 64 * j;
        if (rest < 64) v &= (1L << rest) - 1; // ghost bits must be zero
        w[r * wpr + j] = v;
      }
    }
    return new PackedBits(rows, cols, w);
  }

  // ---------------------------------------------------------------------------------------------

  private String pickKind(Bounds b, TensorType t, int index, boolean convPhase) {
    boolean levels = t.domain() == TensorType.Domain.LEVELS;
    boolean spatial = t.height() > 1 || t.width() > 1;
    switch (b.family()) {
      case MLP:
        return spatial && rnd.nextInt(3) == 0 ? "flatten" : "dense";
      case CONV:
        if (index == 0) return "conv";
        if (convPhase && spatial) {
          int r = rnd.nextInt(10);
          if (r < 5) return "conv";
          if (r < 8 && levels) return "maxpool";
          return rnd.nextBoolean() ? "flatten" : "dense";
        }
        return "dense";
      default:
        int r = rnd.nextInt(10);
        if (r < 4) return "conv";
        if (r < 6 && levels) return "maxpool";
        if (r < 7 && spatial) return "flatten";
        return "dense";
    }
  }

  /** kernel, stride, padding for a conv on {@code t}; keeps the output at most maxSpatial wide. */
  private int[] convShape(TensorType t, int maxSpatial) {
    int size = Math.min(t.height(), t.width());
    for (int attempt = 0; attempt < 20; attempt++) {
      int kernel = 1 + rnd.nextInt(5), padding = rnd.nextInt(kernel), stride = 1 + rnd.nextInt(3);
      if (size + 2 * padding >= kernel) {
        int oh = (t.height() + 2 * padding - kernel) / stride + 1, ow = (t.width() + 2 * padding - kernel) / stride + 1;
        if (Math.max(oh, ow) <= Math.max(maxSpatial, Math.max(t.height(), t.width()))) return new int[] {kernel, stride, padding};
      }
    }
    return new int[] {1, 1, 0};
  }

  private static int outArea(TensorType t, int[] shape) {
    int k = shape[0], s = shape[1], p = shape[2];
    return ((t.height() + 2 * p - k) / s + 1) * ((t.width() + 2 * p - k) / s + 1);
  }

  private static TensorType next(TensorType in, Layer layer) {
    if (layer instanceof DenseLayer d) return TensorType.levels(1, 1, d.outputs(), d.quantizer().k());
    if (layer instanceof ConvLayer c) return TensorType.levels(c.outSize(in.height()), c.outSize(in.width()), c.outChannels(), c.quantizer().k());
    if (layer instanceof MaxPoolLayer p) return TensorType.levels(p.outSize(in.height()), p.outSize(in.width()), in.channels(), in.k());
    if (layer instanceof FlattenLayer) return in.flattened();
    throw new IllegalArgumentException(layer.kind());
  }

  /** Planes per element for cost estimates (int8 counts once: one add per element). */
  private static int planes(TensorType t) { return t.domain() == TensorType.Domain.INT8 ? 1 : t.k(); }

  private int pickWidth(int max, boolean channels) {
    int r = rnd.nextInt(20);
    if (r < (channels ? 13 : 9)) return 1 + rnd.nextInt(Math.min(max, channels ? 8 : 16));
    if (r < 17) {
      int[] edge = Arrays.stream(EDGE_WIDTHS).filter(x -> x <= max).toArray();
      return edge[rnd.nextInt(edge.length)];
    }
    return (1 + rnd.nextInt(max)) | 1; // odd sizes
  }

  private int pickClasses(int max) {
    int r = rnd.nextInt(10);
    if (r < 6) return Math.min(max, 2 + rnd.nextInt(11));
    if (r < 8) return 1;
    return pickWidth(Math.min(max, 65), false);
  }

  private int padValue(TensorType in) {
    if (in.domain() == TensorType.Domain.INT8) {
      int r = rnd.nextInt(4);
      return r == 0 ? -128 : r == 1 ? 127 : r == 2 ? 0 : rnd.nextInt(256) - 128;
    }
    return 2 * rnd.nextInt(in.k() + 1) - in.k(); // 2ℓ − K for a level ℓ
  }

  /** Mean of a binary layer's accumulator over random inputs and weights. */
  private static double mean(TensorType in, int n) {
    return in.domain() == TensorType.Domain.INT8 ? 0 : in.k() * n / 2.0;
  }

  /** Standard deviation of that accumulator: per element var(ℓ) = ((K+1)² − 1)/12, or E[q²] for int8. */
  private static double spread(TensorType in, int n) {
    if (in.domain() == TensorType.Domain.INT8) return Math.sqrt(n * 5000.0);
    int k = in.k();
    return Math.sqrt(n * (((k + 1) * (k + 1) - 1) / 12.0));
  }

  private static double meanSquare(TensorType in) { return in.domain() == TensorType.Domain.INT8 ? 5000.0 : in.k() * in.k(); }

  private Quantizer quantizer(int channels, int k, AccumulatorRange r, double mean, double sd, boolean balanced) {
    int[] t = new int[channels * k], d = new int[channels];
    for (int c = 0; c < channels; c++) {
      d[c] = balanced || rnd.nextBoolean() ? 1 : -1;
      for (int j = 0; j < k; j++) t[c * k + j] = threshold(r, d[c], mean, sd, balanced);
      Arrays.sort(t, c * k, c * k + k);
    }
    return new Quantizer(channels, k, t, d);
  }

  /** One legal threshold: near the mean (ties), at the always-on/off ends, at accMin/accMax, or uniform. */
  private int threshold(AccumulatorRange r, int direction, double mean, double sd, boolean balanced) {
    long lo = direction > 0 ? r.min() : r.min() - 1, hi = direction > 0 ? r.max() + 1 : r.max();
    lo = Math.max(lo, Integer.MIN_VALUE);
    hi = Math.min(hi, Integer.MAX_VALUE);
    int mode = balanced ? 0 : rnd.nextInt(20);
    long t;
    if (mode < 10) t = Math.round(mean + nextGaussian() * Math.max(sd, 0.5));
    else if (mode < 12) t = lo;
    else if (mode < 14) t = hi;
    else if (mode < 15) t = r.min();
    else if (mode < 16) t = r.max();
    else t = lo + (long) (rnd.nextDouble() * (hi - lo + 1));
    return (int) Math.max(lo, Math.min(hi, t));
  }

  private double nextGaussian() {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17.
    double u = 1.0 - rnd.nextDouble(), v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
