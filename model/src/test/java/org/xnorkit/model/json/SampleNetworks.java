package org.xnorkit.model.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * Small hand-built networks for the JSON tests: a seeded builder that tracks the tensor type
 * between layers and draws weights, pad values, directions and in-range thresholds (ties with
 * reachable accumulator values included, as are the "always on/off" ends).
 */
final class SampleNetworks {
  private final Random rnd;
  private final InputSpec input;
  private final List<Layer> layers = new ArrayList<>();
  private TensorType t;

  SampleNetworks(long seed, InputSpec input) {
    this.rnd = new Random(seed);
    this.input = input;
    this.t = input.tensorType();
  }

  /** Bits input, every kind: conv (pad) -> maxpool -> conv -> flatten -> dense -> output (binary, argmax). */
  static Network allKindsBits(int k, long seed) {
    return new SampleNetworks(seed, InputSpec.binarized(6, 6, 2, 128))
        .conv("conv0", 3, 1, 1, 3, k).pool("pool0", 2, 2).conv("conv1", 2, 1, 1, 4, k)
        .flatten("flat").dense("fc0", 70, k).output("out", 4, false, false, Readout.ARGMAX, "allKindsBits" + k);
  }

  /** int8 input (CNV-style table): conv with a code pad value -> maxpool -> output reading the tensor, integer weights. */
  static Network int8Conv(int k, long seed) {
    return new SampleNetworks(seed, cnvInput(5, 5, 3))
        .conv("conv0", 3, 2, 2, 5, k).pool("pool0", 2, 1).output("out", 10, true, false, Readout.ARGMAX, "int8Conv" + k);
  }

  /** int8 input -> dense -> dense -> output with integer weights, thresholds and highestSetBit readout. */
  static Network int8DenseThresholds(int k, long seed) {
    return new SampleNetworks(seed, cnvInput(3, 3, 1))
        .dense("fc0", 65, k).dense("fc1", 64, 1).output("out", 6, true, true, Readout.HIGHEST_SET_BIT, "int8Dense" + k);
  }

  /** Bits input -> dense -> output, binary weights with thresholds and highestSetBit (BNN-PYNQ LFC style). */
  static Network lfcLike(int k, long seed) {
    return new SampleNetworks(seed, InputSpec.binarized(4, 4, 1, 100))
        .dense("fc0", 63, k).dense("fc1", 33, k).output("out", 10, false, true, Readout.HIGHEST_SET_BIT, "lfcLike" + k);
  }

  /** Every sample for K = 1..3. */
  static List<Network> all() {
    List<Network> out = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      out.add(allKindsBits(k, 10 + k));
      out.add(int8Conv(k, 20 + k));
      out.add(int8DenseThresholds(k, 30 + k));
      out.add(lfcLike(k, 40 + k));
    }
    return out;
  }

  static InputSpec cnvInput(int h, int w, int c) {
    int[] table = new int[256];
    for (int p = 0; p < 256; p++) table[p] = Math.min(127, (512 * p + 255) / 510 - 128);
    return new InputSpec(h, w, c, InputSpec.Encoding.INT8, table);
  }

  SampleNetworks dense(String name, int outputs, int k) {
    int n = t.size();
    Quantizer q = quantizer(outputs, k, AccumulatorRange.binary(t, n));
    layers.add(new DenseLayer(name, n, outputs, bits(outputs, n), q));
    t = TensorType.levels(1, 1, outputs, k);
    return this;
  }

  SampleNetworks conv(String name, int kernel, int stride, int padding, int outCh, int k) {
    int fanIn = kernel * kernel * t.channels();
    int pad = t.domain() == TensorType.Domain.INT8 ? rnd.nextInt(256) - 128 : 2 * rnd.nextInt(t.k() + 1) - t.k();
    Quantizer q = quantizer(outCh, k, AccumulatorRange.binary(t, fanIn));
    ConvLayer c = new ConvLayer(name, kernel, stride, padding, pad, t.channels(), outCh, bits(outCh, fanIn), q);
    layers.add(c);
    t = TensorType.levels(c.outSize(t.height()), c.outSize(t.width()), outCh, k);
    return this;
  }

  SampleNetworks pool(String name, int kernel, int stride) {
    MaxPoolLayer p = new MaxPoolLayer(name, kernel, stride);
    layers.add(p);
    t = TensorType.levels(p.outSize(t.height()), p.outSize(t.width()), t.channels(), t.k());
    return this;
  }

  SampleNetworks flatten(String name) {
    layers.add(new FlattenLayer(name));
    t = t.flattened();
    return this;
  }

  Network output(String name, int classes, boolean integer, boolean thresholds, Readout readout, String netName) {
    int n = t.size();
    OutputWeights w;
    if (integer) {
      int bits = 2 + rnd.nextInt(7);
      int[] v = new int[classes * n];
      for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(1 << bits) - (1 << (bits - 1));
      w = new OutputWeights.Integer(bits, classes, n, v);
    } else {
      w = new OutputWeights.Binary(bits(classes, n));
    }
    int[] scale = new int[classes], offset = new int[classes];
    for (int c = 0; c < classes; c++) { scale[c] = rnd.nextInt(7) - 3; offset[c] = rnd.nextInt(41) - 20; }
    Quantizer q = null;
    if (thresholds) {
      OutputLayer plain = new OutputLayer(name, n, classes, w, scale, offset, null, Readout.ARGMAX);
      AccumulatorRange acc = AccumulatorRange.of(plain, t);
      int[] th = new int[classes], dir = new int[classes];
      for (int c = 0; c < classes; c++) {
        dir[c] = rnd.nextBoolean() ? 1 : -1;
        th[c] = threshold(acc.scaled(scale[c], offset[c]), dir[c]);
      }
      q = new Quantizer(classes, 1, th, dir);
    }
    layers.add(new OutputLayer(name, n, classes, w, scale, offset, q, readout));
    return new Network(netName, input, layers, Map.of("source", "SampleNetworks", "seed", "\"quoted\" \\ and ünïcode"));
  }

  private PackedBits bits(int rows, int cols) {
    return PackedBits.of(rows, cols, (r, c) -> rnd.nextBoolean());
  }

  private Quantizer quantizer(int channels, int k, AccumulatorRange acc) {
    int[] th = new int[channels * k], dir = new int[channels];
    for (int c = 0; c < channels; c++) {
      dir[c] = rnd.nextBoolean() ? 1 : -1;
      int[] row = new int[k];
      for (int j = 0; j < k; j++) row[j] = threshold(acc, dir[c]);
      Arrays.sort(row);
      System.arraycopy(row, 0, th, c * k, k);
    }
    return new Quantizer(channels, k, th, dir);
  }

  /** A threshold in the legal range for the direction, the ends ("always on/off") included. */
  private int threshold(AccumulatorRange acc, int dir) {
    long lo = dir > 0 ? acc.min() : acc.min() - 1, hi = dir > 0 ? acc.max() + 1 : acc.max();
    return (int) (lo + (long) (rnd.nextDouble() * (hi - lo + 1)));
  }
}
