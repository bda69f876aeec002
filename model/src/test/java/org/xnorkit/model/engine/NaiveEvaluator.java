package org.xnorkit.model.engine;

import java.util.ArrayList;
import java.util.List;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
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
 * docs/semantics.md, line by line, with plain ints: no packing, no shortcuts, no shared code with
 * the engine beyond the model records (it reads single weight bits with {@link
 * org.xnorkit.model.PackedBits#bit}). Slow and obviously correct, so a packing or indexing bug
 * cannot hide on both sides of a comparison.
 */
final class NaiveEvaluator {
  /** tensors.get(0): input codes; tensors.get(i + 1): output of hidden layer i (levels, HWC). */
  record Result(List<int[]> tensors, long[] scores, int[] classBits, int predicted, int ties) {}

  private int ties; // accumulators that landed exactly on a threshold (to show the tests hit ties)

  static Result evaluate(Network net, byte[] pixels) { return new NaiveEvaluator().run(net, pixels); }

  private Result run(Network net, byte[] pixels) {
    InputSpec in = net.input();
    List<TensorType> types = net.tensorTypes();
    List<int[]> tensors = new ArrayList<>();
    // Input: a pixel p becomes table[p]: a bit (a level of K = 1) or an int8 code.
    int[] x = new int[pixels.length];
    for (int i = 0; i < pixels.length; i++) x[i] = in.code(pixels[i] & 0xff);
    tensors.add(x);
    List<Layer> layers = net.layers();
    for (int i = 0; i < layers.size() - 1; i++) {
      Layer layer = layers.get(i);
      TensorType t = types.get(i);
      if (layer instanceof DenseLayer d) x = dense(d, t, x);
      else if (layer instanceof ConvLayer c) x = conv(c, t, x);
      else if (layer instanceof MaxPoolLayer p) x = maxPool(p, t, x);
      else if (layer instanceof FlattenLayer) x = x.clone(); // HWC order is already the flattened order
      else throw new IllegalStateException(layer.kind());
      tensors.add(x);
    }
    OutputLayer o = net.output();
    TensorType t = types.get(types.size() - 2);
    long[] scores = new long[o.classes()];
    int[] bits = o.thresholds() == null ? null : new int[o.classes()];
    for (int c = 0; c < o.classes(); c++) {
      long acc = 0;
      for (int i = 0; i < o.inputs(); i++) {
        if (o.weights() instanceof OutputWeights.Integer iw) acc += (long) iw.value(c, i) * signedValue(t, x[i]);
        else acc += binaryTerm(((OutputWeights.Binary) o.weights()).bits().bit(c, i), t, x[i]);
      }
      scores[c] = (long) o.scale(c) * acc + o.offset(c);
      if (bits != null) bits[c] = level(o.thresholds(), c, scores[c]);
    }
    int predicted = 0;
    if (o.readout() == Readout.ARGMAX) {
      for (int c = 0; c < o.classes(); c++) if (scores[c] > scores[predicted]) predicted = c;
    } else {
      for (int c = 0; c < o.classes(); c++) if (bits[c] == 1) predicted = c;
    }
    return new Result(tensors, scores, bits, predicted, ties);
  }

  /** Signed value of an element: 2ℓ − K for levels, the code for int8. */
  private static int signedValue(TensorType t, int v) {
    return t.domain() == TensorType.Domain.INT8 ? v : 2 * v - t.k();
  }

  /** Plane k of a level ℓ (thermometer): 1 iff ℓ > k. */
  private static int plane(int level, int k) { return level > k ? 1 : 0; }

  /**
   * One element's share of a binary layer's accumulator. Levels: Σ_k XNOR(w, plane_k(ℓ)).
   * int8: +code where the weight bit is 1, −code where it is 0.
   */
  private static long binaryTerm(boolean weightBit, TensorType t, int v) {
    int w = weightBit ? 1 : 0;
    if (t.domain() == TensorType.Domain.INT8) return weightBit ? v : -v;
    long s = 0;
    for (int k = 0; k < t.k(); k++) s += w == plane(v, k) ? 1 : 0;
    return s;
  }

  /** d = +1: ℓ = #{k : acc ≥ t_k}; d = −1: ℓ = #{k : acc ≤ t_k}. */
  private int level(Quantizer q, int channel, long acc) {
    int l = 0;
    for (int j = 0; j < q.k(); j++) {
      long t = q.threshold(channel, j);
      if (acc == t) ties++;
      if (q.direction(channel) == 1 ? acc >= t : acc <= t) l++;
    }
    return l;
  }

  private int[] dense(DenseLayer d, TensorType t, int[] x) {
    int[] y = new int[d.outputs()];
    for (int o = 0; o < d.outputs(); o++) {
      long acc = 0;
      for (int i = 0; i < d.inputs(); i++) acc += binaryTerm(d.weights().bit(o, i), t, x[i]);
      y[o] = level(d.quantizer(), o, acc);
    }
    return y;
  }

  private int[] conv(ConvLayer c, TensorType t, int[] x) {
    int h = t.height(), w = t.width(), cin = t.channels(), k = c.kernel();
    int oh = (h + 2 * c.padding() - k) / c.stride() + 1, ow = (w + 2 * c.padding() - k) / c.stride() + 1;
    // The pad element: the level ℓ with 2ℓ − K = padValue, or the int8 code padValue.
    int pad = t.domain() == TensorType.Domain.INT8 ? c.padValue() : (c.padValue() + t.k()) / 2;
    int[] y = new int[oh * ow * c.outChannels()];
    for (int oy = 0; oy < oh; oy++)
      for (int ox = 0; ox < ow; ox++)
        for (int o = 0; o < c.outChannels(); o++) {
          long acc = 0;
          for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
              for (int ci = 0; ci < cin; ci++) {
                int iy = oy * c.stride() + ky - c.padding(), ix = ox * c.stride() + kx - c.padding();
                int v = iy < 0 || iy >= h || ix < 0 || ix >= w ? pad : x[(iy * w + ix) * cin + ci];
                acc += binaryTerm(c.weights().bit(o, (ky * k + kx) * cin + ci), t, v);
              }
          y[(oy * ow + ox) * c.outChannels() + o] = level(c.quantizer(), o, acc);
        }
    return y;
  }

  private static int[] maxPool(MaxPoolLayer p, TensorType t, int[] x) {
    int h = t.height(), w = t.width(), ch = t.channels(), k = p.kernel(), s = p.stride();
    int oh = (h - k) / s + 1, ow = (w - k) / s + 1;
    int[] y = new int[oh * ow * ch];
    for (int oy = 0; oy < oh; oy++)
      for (int ox = 0; ox < ow; ox++)
        for (int c = 0; c < ch; c++) {
          int m = 0;
          for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++) m = Math.max(m, x[((oy * s + ky) * w + ox * s + kx) * ch + c]);
          y[(oy * ow + ox) * ch + c] = m;
        }
    return y;
  }
}
