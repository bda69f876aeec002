package org.xnorkit.train.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;
import org.xnorkit.train.arch.Architecture;
import org.xnorkit.train.arch.LayerSpec;
import org.xnorkit.train.fold.AccumulatorMap;
import org.xnorkit.train.fold.ChannelFold;
import org.xnorkit.train.fold.ThresholdFold;

/**
 * Turns a trained float model into an exact integer {@link Network} (docs/folding.md):
 * weights → bits (w ≥ 0 ↔ 1, as the training forward binarizes), conv weights permuted from the
 * trainer's (c, ky, kx) to the model's (ky, kx, c), batch-norm and thresholds folded into integer
 * accumulator thresholds per channel, the output layer's scores the raw XNOR-popcounts (its logit
 * scale is one positive scalar, which leaves the argmax unchanged).
 */
public final class Exporter {
  private Exporter() {}

  public static Network export(TrainedModel tm, String name, Map<String, String> metadata) {
    Architecture arch = tm.architecture();
    InputSpec input = arch.input();
    List<Layer> layers = new ArrayList<>();
    for (LayerSpec s : arch.layers()) {
      if (s instanceof LayerSpec.Conv c) {
        TrainedLayer t = tm.layer(c.name());
        int k = c.kernel(), cin = c.inChannels();
        float[] w = t.weights();
        // Model column j = (ky·K + kx)·Cin + ci; trainer index ((o·Cin + ci)·K + ky)·K + kx.
        PackedBits bits = PackedBits.of(c.outChannels(), c.fanIn(), (o, j) -> {
          int ci = j % cin, kx = (j / cin) % k, ky = j / cin / k;
          return w[((o * cin + ci) * k + ky) * k + kx] >= 0;
        });
        AccumulatorMap map = t.kIn() == 0 ? AccumulatorMap.int8(c.fanIn()) : AccumulatorMap.levels(t.kIn(), c.fanIn());
        int pad = t.kIn() == 0 ? Architecture.INT8_PAD : -t.kIn();
        layers.add(new ConvLayer(c.name(), k, 1, c.padding(), pad, cin, c.outChannels(), bits, quantizer(t, map, tm.bnEps())));
      } else if (s instanceof LayerSpec.Dense d) {
        TrainedLayer t = tm.layer(d.name());
        float[] w = t.weights();
        int n = d.inputs();
        PackedBits bits = PackedBits.of(d.outputs(), n, (o, j) -> w[o * n + j] >= 0);
        AccumulatorMap map = t.kIn() == 0 ? AccumulatorMap.int8(n) : AccumulatorMap.levels(t.kIn(), n);
        layers.add(new DenseLayer(d.name(), n, d.outputs(), bits, quantizer(t, map, tm.bnEps())));
      } else if (s instanceof LayerSpec.Pool p) {
        layers.add(new MaxPoolLayer(p.name(), p.kernel(), p.stride()));
      } else if (s instanceof LayerSpec.Flatten f) {
        layers.add(new FlattenLayer(f.name()));
      } else if (s instanceof LayerSpec.Output o) {
        TrainedLayer t = tm.layer(o.name());
        float[] w = t.weights();
        int n = o.inputs();
        PackedBits bits = PackedBits.of(o.classes(), n, (r, j) -> w[r * n + j] >= 0);
        layers.add(new OutputLayer(o.name(), n, o.classes(), new OutputWeights.Binary(bits), null, null, null, Readout.ARGMAX));
      }
    }
    return new Network(name, input, layers, metadata);
  }

  /** Folds one layer's batch-norm and K thresholds per channel. */
  public static Quantizer quantizer(TrainedLayer t, AccumulatorMap map, double eps) {
    int channels = t.gamma().length, k = t.tau().length;
    ChannelFold[] ch = new ChannelFold[channels];
    for (int c = 0; c < channels; c++) {
      double[] tau = new double[k];
      for (int j = 0; j < k; j++) tau[j] = t.tau()[j][c];
      ch[c] = new ChannelFold(t.gamma()[c], t.beta()[c], t.mean()[c], t.var()[c], eps, tau);
    }
    try {
      return ThresholdFold.quantizer(ch, map);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(t.name() + ": " + e.getMessage(), e);
    }
  }
}
