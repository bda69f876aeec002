package org.xnorkit.model.stats;

import java.util.ArrayList;
import java.util.List;
import org.xnorkit.model.AccumulatorRange;
import org.xnorkit.model.Network;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.LayerVisitor;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;

/**
 * Size and cost of a network, per layer and in total, by the conventions of the BNN literature
 * (docs/stats.md states them with examples):
 *
 * <ul>
 *   <li><b>Parameters</b>, counted by kind: binary weights, integer weights, thresholds (channels·K,
 *       and the output layer's per-class thresholds) and other parameters (the output layer's scale
 *       and offset when they are not the identity; directions are not counted as parameters).</li>
 *   <li><b>Storage</b> in bits: 1 per binary weight, {@code weightBits} per integer weight, each
 *       threshold at its layer's accumulator width ({@link AccumulatorRange#bits()}, the score's
 *       width for output thresholds), 1 direction bit per quantized channel, 32 bits for each
 *       scale and offset entry when they are not the identity.</li>
 *   <li><b>BOPs</b> (binary operations): XNOR-popcount multiply-accumulates of binary weights on a
 *       levels input, fan-in·K·outputs·positions (every thermometer plane is an input of its own).</li>
 *   <li><b>Non-binary operations</b>: multiply-accumulates with a non-binary operand — the int8 first
 *       layer's add/subtract (fan-in·outputs·positions) and the integer output weights
 *       (inputs·classes). Threshold comparisons, max-pool and the scale/offset are not counted.</li>
 *   <li><b>OPs</b> ("FLOPs-equivalent", Bi-Real Net / ReActNet): OPs = BOPs / 64 + non-binary ops.</li>
 * </ul>
 */
public record NetworkStats(List<LayerStats> layers, LayerStats total) {
  public NetworkStats { layers = List.copyOf(layers); }

  /** Figures of one layer (or of the whole network, named "total"). */
  public record LayerStats(String name, String kind, long binaryWeights, long integerWeights, long thresholds,
                           long otherParams, long storageBits, long binaryOps, long nonBinaryOps) {
    /** All parameters: weights of both kinds, thresholds and the others. */
    public long params() { return binaryWeights + integerWeights + thresholds + otherParams; }

    /** Weights of both kinds. */
    public long weights() { return binaryWeights + integerWeights; }

    /** Storage rounded up to whole bytes. */
    public long storageBytes() { return (storageBits + 7) / 8; }

    /** FLOPs-equivalent operations: BOPs / 64 + non-binary operations. */
    public double ops() { return binaryOps / 64.0 + nonBinaryOps; }

    LayerStats plus(LayerStats o) {
      return new LayerStats(name, kind, binaryWeights + o.binaryWeights, integerWeights + o.integerWeights, thresholds + o.thresholds,
          otherParams + o.otherParams, storageBits + o.storageBits, binaryOps + o.binaryOps, nonBinaryOps + o.nonBinaryOps);
    }
  }

  public static NetworkStats of(Network net) {
    List<TensorType> types = net.tensorTypes();
    List<LayerStats> out = new ArrayList<>();
    LayerStats total = new LayerStats("total", "network", 0, 0, 0, 0, 0, 0, 0);
    for (int i = 0; i < net.layers().size(); i++) {
      TensorType in = types.get(i), result = types.get(i + 1);
      LayerStats s = net.layers().get(i).accept(new LayerVisitor<LayerStats>() {
        @Override public LayerStats visitDense(DenseLayer d) {
          return binaryLayer(d.name(), d.kind(), in, (long) d.inputs(), d.outputs(), 1, d.quantizer().k(), AccumulatorRange.binary(in, d.inputs()));
        }
        @Override public LayerStats visitConv(ConvLayer c) {
          long positions = (long) result.height() * result.width();
          return binaryLayer(c.name(), c.kind(), in, c.fanIn(), c.outChannels(), positions, c.quantizer().k(), AccumulatorRange.binary(in, c.fanIn()));
        }
        @Override public LayerStats visitMaxPool(MaxPoolLayer p) { return new LayerStats(p.name(), p.kind(), 0, 0, 0, 0, 0, 0, 0); }
        @Override public LayerStats visitFlatten(FlattenLayer f) { return new LayerStats(f.name(), f.kind(), 0, 0, 0, 0, 0, 0, 0); }
        @Override public LayerStats visitOutput(OutputLayer o) { return output(o, in); }
      });
      out.add(s);
      total = total.plus(s);
    }
    return new NetworkStats(out, total);
  }

  private static LayerStats binaryLayer(String name, String kind, TensorType in, long fanIn, int outputs, long positions, int k, AccumulatorRange acc) {
    long weights = fanIn * outputs, thresholds = (long) outputs * k;
    long storage = weights + thresholds * acc.bits() + outputs; // + one direction bit per channel
    boolean int8 = in.domain() == TensorType.Domain.INT8;
    long macs = weights * positions;
    return new LayerStats(name, kind, weights, 0, thresholds, 0, storage, int8 ? 0 : macs * in.k(), int8 ? macs : 0);
  }

  private static LayerStats output(OutputLayer o, TensorType in) {
    long macs = (long) o.inputs() * o.classes();
    long binW = 0, intW = 0, storage = 0, bops = 0, other = 0;
    if (o.weights() instanceof OutputWeights.Integer iw) {
      intW = macs;
      storage += macs * iw.bits();
    } else {
      binW = macs;
      storage += macs;
      if (in.domain() != TensorType.Domain.INT8) bops = macs * in.k();
    }
    long nonBinary = bops == 0 ? macs : 0;
    if (!o.isIdentityScale()) {
      other = 2L * o.classes();
      storage += other * 32;
    }
    long thresholds = 0;
    if (o.thresholds() != null) {
      thresholds = o.classes();
      AccumulatorRange acc = AccumulatorRange.of(o, in);
      int bits = 1;
      for (int c = 0; c < o.classes(); c++) bits = Math.max(bits, acc.scaled(o.scale(c), o.offset(c)).bits());
      storage += thresholds * bits + o.classes();
    }
    return new LayerStats(o.name(), o.kind(), binW, intW, thresholds, other, storage, bops, nonBinary);
  }
}
