package org.xnorkit.hwgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.xnorkit.model.AccumulatorRange;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;

/** Seeded random dense networks with threshold ties, mixed directions, K > 1, scale/offset and both readouts. */
final class DenseNets {
  private DenseNets() {}

  static Network random(long seed, int h, int w, int c, boolean int8, int[] widths, int[] ks, int classes, boolean thresholds) {
    Random r = new Random(seed);
    int[] table = new int[256];
    for (int p = 0; p < 256; p++) table[p] = int8 ? Math.max(-128, Math.min(127, p - 128 + r.nextInt(5) - 2)) : (p >= 100 + r.nextInt(56) ? 1 : 0);
    InputSpec in = new InputSpec(h, w, c, int8 ? InputSpec.Encoding.INT8 : InputSpec.Encoding.BITS, table);
    List<Layer> layers = new ArrayList<>();
    layers.add(new FlattenLayer("flat"));
    TensorType t = in.tensorType().flattened();
    int n = t.size();
    for (int i = 0; i < widths.length; i++) {
      int outs = widths[i], k = ks[i];
      PackedBits wts = PackedBits.of(outs, n, (a, b) -> r.nextBoolean());
      AccumulatorRange range = AccumulatorRange.binary(t, n);
      int[] thr = new int[outs * k];
      int[] dir = new int[outs];
      long span = range.max() - range.min();
      for (int o = 0; o < outs; o++) {
        dir[o] = r.nextInt(4) == 0 ? -1 : 1;
        int[] ts = new int[k];
        // near the middle of the range, where accumulators land, so ties happen
        long mid = range.min() + span / 2;
        for (int j = 0; j < k; j++) ts[j] = (int) Math.max(range.min() - 1, Math.min(range.max() + 1, mid + r.nextInt((int) Math.max(1, span / 4) + 1) - span / 8));
        if (r.nextInt(10) == 0) ts[0] = (int) (dir[o] > 0 ? range.min() : range.max()); // always on
        Arrays.sort(ts);
        System.arraycopy(ts, 0, thr, o * k, k);
      }
      layers.add(new DenseLayer("fc" + i, n, outs, wts, new Quantizer(outs, k, thr, dir)));
      t = TensorType.levels(1, 1, outs, k);
      n = outs;
    }
    PackedBits ow = PackedBits.of(classes, n, (a, b) -> r.nextBoolean());
    int[] scale = new int[classes], offset = new int[classes];
    for (int i = 0; i < classes; i++) { scale[i] = r.nextInt(3) == 0 ? 1 : r.nextInt(7) - 3; offset[i] = r.nextInt(21) - 10; }
    Quantizer q = null;
    if (thresholds) {
      int[] thr = new int[classes], dir = new int[classes];
      AccumulatorRange acc = AccumulatorRange.binary(t, n);
      for (int i = 0; i < classes; i++) {
        AccumulatorRange s = acc.scaled(scale[i], offset[i]);
        dir[i] = r.nextBoolean() ? 1 : -1;
        thr[i] = (int) (s.min() + (s.max() - s.min()) / 2 + r.nextInt(3) - 1);
      }
      q = new Quantizer(classes, 1, thr, dir);
    }
    layers.add(new OutputLayer("out", n, classes, new OutputWeights.Binary(ow), scale, offset, q,
        thresholds ? Readout.HIGHEST_SET_BIT : Readout.ARGMAX));
    return new Network("dense" + seed, in, layers);
  }

  static byte[][] images(long seed, Network net, int count) {
    Random r = new Random(seed ^ 0x5eed);
    int n = net.input().height() * net.input().width() * net.input().channels();
    byte[][] out = new byte[count][n];
    for (byte[] img : out) r.nextBytes(img);
    return out;
  }
}
