package org.xnorkit.train.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xnorkit.model.InputSpec;
import org.xnorkit.train.arch.Architecture;
import org.xnorkit.train.arch.LayerSpec;

/**
 * The training graph of a BNN on DJL/PyTorch, computing what the hardware computes:
 * binary weights (sign of latent weights in [−1, 1]) → explicit padding with the layer's pad value →
 * conv/dense → batch-norm → K-threshold quantizer (value = Σ_k sign(y − τ_k) = 2ℓ − K) → max-pool
 * on the quantized values. The first layer reads the input codes as floats: ±1 for bits, the int8
 * code for an 8-bit input. The output layer has binary weights and no batch-norm; its logits are
 * the dot products times one learned positive scalar, so the argmax is the argmax of the integer
 * accumulators.
 *
 * <p>Memory: an op's result joins the manager of its first operand, so parameters are never the
 * first operand of an op inside a batch ({@link #local}); otherwise they would pile up in the
 * parameter manager forever.
 */
public final class BnnNet implements AutoCloseable {
  public static final float BN_EPS = 1e-4f;
  public static final float BN_MOMENTUM = 0.1f;

  private final Architecture arch;
  private final NDManager params;
  private final List<Object> state = new ArrayList<>(); // one entry per layer spec: Hidden, Out or null
  private final List<NDArray> trainable = new ArrayList<>();
  private final List<String> trainableNames = new ArrayList<>();
  private final List<NDArray> buffers = new ArrayList<>(); // running statistics
  private final List<String> bufferNames = new ArrayList<>();

  /** A hidden compute layer: latent weights, batch-norm, thresholds. */
  public static final class Hidden {
    public final LayerSpec spec;
    public final boolean conv;
    public final int kIn;          // levels of the input (0 for an int8 input)
    public final int padValue;     // signed value of a pad element
    public final int channels;
    final NDArray w, gamma, beta, runMean, runVar;
    final NDArray[] tau;
    Hidden(LayerSpec spec, boolean conv, int kIn, int padValue, int channels, NDArray w, NDArray gamma, NDArray beta,
           NDArray runMean, NDArray runVar, NDArray[] tau) {
      this.spec = spec; this.conv = conv; this.kIn = kIn; this.padValue = padValue; this.channels = channels;
      this.w = w; this.gamma = gamma; this.beta = beta; this.runMean = runMean; this.runVar = runVar; this.tau = tau;
    }
  }

  /** The output layer: latent weights and the log of the logit scale. */
  public static final class Out {
    public final LayerSpec.Output spec;
    public final int kIn;
    final NDArray w, logScale;
    Out(LayerSpec.Output spec, int kIn, NDArray w, NDArray logScale) { this.spec = spec; this.kIn = kIn; this.w = w; this.logScale = logScale; }
  }

  public BnnNet(Architecture arch, NDManager base, long seed) {
    this.arch = arch;
    this.params = base.newSubManager();
    SplittableRandom rnd = new SplittableRandom(seed);
    InputSpec in = arch.input();
    boolean int8 = in.encoding() == InputSpec.Encoding.INT8;
    int kIn = int8 ? 0 : 1;
    int k = arch.k();
    int ch = in.channels(), h = in.height(), wd = in.width();
    for (LayerSpec s : arch.layers()) {
      if (s instanceof LayerSpec.Conv c) {
        if (c.inChannels() != ch) throw new IllegalArgumentException(c.name() + ": inChannels " + c.inChannels() + " but the input has " + ch);
        NDArray w = param(c.name() + "_weight", new Shape(c.outChannels(), c.inChannels(), c.kernel(), c.kernel()),
            init(rnd, c.outChannels() * c.fanIn(), c.fanIn()));
        state.add(hidden(s, true, kIn, kIn == 0 ? Architecture.INT8_PAD : -kIn, c.outChannels(), w, new Shape(1, c.outChannels(), 1, 1), k));
        ch = c.outChannels(); h = h + 2 * c.padding() - c.kernel() + 1; wd = wd + 2 * c.padding() - c.kernel() + 1;
        kIn = k;
      } else if (s instanceof LayerSpec.Dense d) {
        if (d.inputs() != ch * h * wd) throw new IllegalArgumentException(d.name() + ": inputs " + d.inputs() + " but the incoming tensor has " + (ch * h * wd));
        NDArray w = param(d.name() + "_weight", new Shape(d.outputs(), d.inputs()), init(rnd, d.outputs() * d.inputs(), d.inputs()));
        state.add(hidden(s, false, kIn, 0, d.outputs(), w, new Shape(1, d.outputs()), k));
        ch = d.outputs(); h = 1; wd = 1;
        kIn = k;
      } else if (s instanceof LayerSpec.Pool p) {
        state.add(null);
        h = (h - p.kernel()) / p.stride() + 1; wd = (wd - p.kernel()) / p.stride() + 1;
      } else if (s instanceof LayerSpec.Flatten) {
        state.add(null);
      } else if (s instanceof LayerSpec.Output o) {
        if (o.inputs() != ch * h * wd) throw new IllegalArgumentException(o.name() + ": inputs " + o.inputs() + " but the incoming tensor has " + (ch * h * wd));
        NDArray w = param(o.name() + "_weight", new Shape(o.classes(), o.inputs()), init(rnd, o.classes() * o.inputs(), o.inputs()));
        // Logit scale ~ 1/sqrt(K·n) keeps the initial softmax unsaturated.
        NDArray ls = param(o.name() + "_logScale", new Shape(1), new float[] {(float) (-0.5 * Math.log((double) Math.max(1, kIn) * o.inputs()))});
        state.add(new Out(o, kIn, w, ls));
      }
    }
    if (!(state.get(state.size() - 1) instanceof Out)) throw new IllegalArgumentException(arch.name() + ": the last layer must be the output layer");
  }

  private Hidden hidden(LayerSpec s, boolean conv, int kIn, int pad, int c, NDArray w, Shape bshape, int k) {
    float[] ones = new float[c], zeros = new float[c];
    java.util.Arrays.fill(ones, 1f);
    NDArray gamma = param(s.name() + "_gamma", bshape, ones);
    NDArray beta = param(s.name() + "_beta", bshape, zeros.clone());
    NDArray rm = buffer(s.name() + "_runningMean", bshape, zeros.clone());
    NDArray rv = buffer(s.name() + "_runningVar", bshape, ones.clone());
    NDArray[] tau = new NDArray[k];
    double[] init = tauInit(k);
    for (int j = 0; j < k; j++) {
      float[] t = new float[c];
      java.util.Arrays.fill(t, (float) init[j]);
      tau[j] = param(s.name() + "_tau" + j, bshape, t);
    }
    return new Hidden(s, conv, kIn, pad, c, w, gamma, beta, rm, rv, tau);
  }

  /** Initial thresholds: the quantiles of a standard normal that split it into K+1 equal parts. */
  static double[] tauInit(int k) {
    switch (k) {
      case 1: return new double[] {0};
      case 2: return new double[] {-0.4307, 0.4307};
      case 3: return new double[] {-0.6745, 0, 0.6745};
      default: throw new IllegalArgumentException("k " + k);
    }
  }

  private static float[] init(SplittableRandom rnd, int count, int fanIn) {
    float a = (float) Math.min(1.0, Math.sqrt(3.0 / fanIn));
    float[] v = new float[count];
    for (int i = 0; i < count; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) * a);
    return v;
  }

  private NDArray param(String name, Shape shape, float[] v) {
    NDArray a = params.create(v, shape);
    a.setRequiresGradient(true);
    trainable.add(a);
    trainableNames.add(name);
    return a;
  }

  private NDArray buffer(String name, Shape shape, float[] v) {
    NDArray a = params.create(v, shape);
    buffers.add(a);
    bufferNames.add(name);
    return a;
  }

  public Architecture architecture() { return arch; }
  public List<NDArray> trainable() { return trainable; }
  public List<String> trainableNames() { return trainableNames; }
  public List<NDArray> buffers() { return buffers; }
  public List<String> bufferNames() { return bufferNames; }
  public NDManager paramManager() { return params; }

  /** A copy of {@code p} in the batch manager {@code m}; the gradient still flows to {@code p}. */
  static NDArray local(NDManager m, NDArray p) { return m.zeros(p.getShape()).add(p); }

  /**
   * Input codes as floats, NCHW: ±1 for a bits input, the code for int8. {@code images} are HWC bytes.
   */
  public NDArray inputs(NDManager m, byte[][] images, int from, int to) {
    InputSpec in = arch.input();
    int n = to - from, px = in.height() * in.width() * in.channels();
    float[] v = new float[n * px];
    boolean bits = in.encoding() == InputSpec.Encoding.BITS;
    for (int i = 0; i < n; i++) {
      byte[] img = images[from + i];
      for (int j = 0; j < px; j++) {
        int code = in.code(img[j] & 0xff);
        v[i * px + j] = bits ? 2 * code - 1 : code;
      }
    }
    return m.create(v, new Shape(n, in.height(), in.width(), in.channels())).transpose(0, 3, 1, 2);
  }

  /** Training- or evaluation-mode forward; returns the logits (training) or the raw output dot products (eval). */
  public NDArray forward(NDManager m, NDArray x, boolean training) {
    for (int i = 0; i < state.size(); i++) {
      LayerSpec s = arch.layers().get(i);
      Object st = state.get(i);
      if (st instanceof Hidden hd) {
        x = hidden(m, hd, x, training);
      } else if (s instanceof LayerSpec.Pool p) {
        x = x.getNDArrayInternal().maxPool(new Shape(p.kernel(), p.kernel()), new Shape(p.stride(), p.stride()), new Shape(0, 0), false);
      } else if (s instanceof LayerSpec.Flatten) {
        x = flattenHwc(x);
      } else if (st instanceof Out o) {
        NDArray dot = x.getNDArrayInternal().linear(flattenHwc(x), Ste.sign(local(m, o.w)), null).singletonOrThrow();
        return training ? dot.mul(local(m, o.logScale).exp()) : dot;
      }
    }
    throw new IllegalStateException("no output layer");
  }

  /** NCHW → N × (H·W·C) in HWC order, the model's flatten order. */
  static NDArray flattenHwc(NDArray x) {
    if (x.getShape().dimension() == 2) return x;
    return x.transpose(0, 2, 3, 1).reshape(x.getShape().get(0), -1);
  }

  /** The pre-activation y = BN(dot) of a hidden layer (before the thresholds). */
  NDArray preActivation(NDManager m, Hidden hd, NDArray x, boolean training) {
    NDArray wb = Ste.sign(local(m, hd.w));
    NDArray dot;
    if (hd.conv) {
      LayerSpec.Conv c = (LayerSpec.Conv) hd.spec;
      if (c.padding() > 0) x = x.pad(new Shape(c.padding(), c.padding(), c.padding(), c.padding()), hd.padValue);
      dot = x.getNDArrayInternal().convolution(x, wb, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
    } else {
      dot = x.getNDArrayInternal().linear(flattenHwc(x), wb, null).singletonOrThrow();
    }
    NDArray mean, var;
    if (training) {
      mean = batchMean(dot, hd.conv);
      NDArray centered = dot.sub(mean);
      var = batchMean(centered.square(), hd.conv);
      NDArray bm = mean.stopGradient(), bv = var.stopGradient();
      hd.runMean.muli(1 - BN_MOMENTUM).addi(bm.mul(BN_MOMENTUM));
      hd.runVar.muli(1 - BN_MOMENTUM).addi(bv.mul(BN_MOMENTUM));
      return centered.div(var.add(BN_EPS).sqrt()).mul(local(m, hd.gamma)).add(local(m, hd.beta));
    }
    // Evaluation: the same formula with the running statistics, in the order the fold inverts.
    return dot.sub(local(m, hd.runMean)).div(local(m, hd.runVar).add(BN_EPS).sqrt()).mul(local(m, hd.gamma)).add(local(m, hd.beta));
  }

  /** Mean per channel over the batch (and, for conv, the spatial axes); PyTorch's DJL mean takes one axis at a time. */
  private static NDArray batchMean(NDArray a, boolean conv) {
    if (!conv) return a.mean(new int[] {0}, true);
    return a.mean(new int[] {3}, true).mean(new int[] {2}, true).mean(new int[] {0}, true);
  }

  private NDArray hidden(NDManager m, Hidden hd, NDArray x, boolean training) {
    NDArray y = preActivation(m, hd, x, training);
    NDArray a = null;
    for (NDArray t : hd.tau) {
      NDArray plane = Ste.sign(y.sub(local(m, t)));
      a = a == null ? plane : a.add(plane);
    }
    return a;
  }


  /**
   * One image's evaluation-mode tensors for diagnosing a disagreement with the integer engine:
   * for each layer of the architecture, its output in HWC order as levels ℓ = (value + K)/2
   * (null for flatten and the output layer), and for hidden layers the distance min_k |y − τ_k| of
   * each element's pre-activation to its nearest threshold (a tiny distance = a float rounding tie).
   */
  public record LayerTrace(float[] levels, float[] margins) {}

  public List<LayerTrace> trace(NDManager m, NDArray x) {
    List<LayerTrace> out = new ArrayList<>();
    for (int i = 0; i < state.size(); i++) {
      LayerSpec s = arch.layers().get(i);
      Object st = state.get(i);
      if (st instanceof Hidden hd) {
        NDArray y = preActivation(m, hd, x, false);
        NDArray a = null, margin = null;
        for (NDArray t : hd.tau) {
          NDArray z = y.sub(local(m, t));
          NDArray plane = Ste.signPm(z);
          a = a == null ? plane : a.add(plane);
          margin = margin == null ? z.abs() : margin.minimum(z.abs());
        }
        x = a;
        out.add(new LayerTrace(hwc(x.add(arch.k()).div(2)), hwc(margin)));
      } else if (s instanceof LayerSpec.Pool p) {
        x = x.getNDArrayInternal().maxPool(new Shape(p.kernel(), p.kernel()), new Shape(p.stride(), p.stride()), new Shape(0, 0), false);
        out.add(new LayerTrace(hwc(x.add(arch.k()).div(2)), null));
      } else {
        if (s instanceof LayerSpec.Flatten) x = flattenHwc(x);
        out.add(new LayerTrace(null, null));
      }
    }
    return out;
  }

  private static float[] hwc(NDArray a) {
    return (a.getShape().dimension() == 4 ? a.transpose(0, 2, 3, 1) : a).toType(DataType.FLOAT32, false).toFloatArray();
  }

  /** Clips every latent binary weight to [−1, 1], in place (after each optimizer step). */
  public void clipLatentWeights() {
    try (NDManager tmp = params.newSubManager()) {
      for (Object st : state) {
        NDArray w = st instanceof Hidden h ? h.w : st instanceof Out o ? o.w : null;
        if (w == null) continue;
        NDArray c = local(tmp, w);
        w.subi(c.sub(c.clip(-1, 1)));
      }
    }
  }

  /** Hidden and output layer states, aligned with the architecture's layers (null for pool/flatten). */
  public List<Object> layerStates() { return java.util.Collections.unmodifiableList(state); }

  static float[] floats(NDArray a) { return a.toType(DataType.FLOAT32, false).toFloatArray(); }

  @Override public void close() { params.close(); }
}
