package org.xnorkit.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.engine.Trace;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.train.TrainConfig;
import org.xnorkit.train.Trainer;
import org.xnorkit.train.arch.Architecture;
import org.xnorkit.train.arch.LayerSpec;
import org.xnorkit.train.nn.BnnNet;

/**
 * The training graph and the exported integer model compute the same tensors, layer by layer:
 * explicit padding with the layer's pad value, the (c, ky, kx) → (ky, kx, c) weight permutation,
 * NCHW → HWC, flatten order, pooling after the quantizer, K-level thermometer inputs, and the int8
 * first layer. Non-square inputs, several channels and a padding of 2 make any layout slip visible.
 * Then the pad value is flipped in the exported model: the border outputs must change and only
 * those — so the agreement above really depends on the padding.
 */
class PaddingLayoutTest {
  private static final PrintWriter QUIET = new PrintWriter(java.io.Writer.nullWriter());

  static Architecture arch(boolean int8, int k) {
    InputSpec in = int8 ? Architecture.int8Input(7, 6, 2) : InputSpec.binarized(7, 6, 2, 128);
    List<LayerSpec> l = List.of(
        new LayerSpec.Conv("conv0", 3, 1, 2, 3),   // 7×6 → 7×6
        new LayerSpec.Conv("conv1", 3, 2, 3, 4),   // 7×6 → 9×8 (padding 2: corners see mostly pad)
        new LayerSpec.Pool("pool0", 2, 2),         // → 4×4
        new LayerSpec.Flatten("flat"),
        new LayerSpec.Dense("fc0", 4 * 4 * 4, 5),
        new LayerSpec.Output("out", 5, 10));
    return new Architecture("padtest", in, l, k);
  }

  static Dataset randomData(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[][] img = new byte[n][7 * 6 * 2];
    int[] lab = new int[n];
    for (int i = 0; i < n; i++) { for (int j = 0; j < img[i].length; j++) img[i][j] = (byte) r.nextInt(256); lab[i] = r.nextInt(10); }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < 10; c++) names.add("c" + c);
    return new Dataset("random", 7, 6, 2, img, lab, names);
  }

  @ParameterizedTest(name = "int8 input {0}, K = {1}")
  @CsvSource({"false,1", "false,2", "false,3", "true,1", "true,3"})
  void trainingGraphAndExportAgreeLayerByLayer(boolean int8, int k) throws Exception {
    Architecture a = arch(int8, k);
    Dataset data = randomData(256, 11 + k);
    TrainConfig cfg = TrainConfig.defaults("padtest").withK(k).withEpochs(1).withBatch(32).withLr(0.02);
    try (Trainer t = new Trainer(cfg, a, QUIET, false)) {
      t.train(data, data, null); // one epoch moves batch-norm statistics, gammas and thresholds off their start
      Network net = Exporter.export(t.snapshot(), "padtest", Map.of());
      ConvLayer conv0 = (ConvLayer) net.layers().get(0);
      assertEquals(int8 ? Architecture.INT8_PAD : -1, conv0.padValue());
      assertEquals(-k, ((ConvLayer) net.layers().get(1)).padValue());
      Network flipped = withConv0Pad(net, int8 ? 127 : 1);
      int borderChanges = 0;
      try (ReferenceEngine engine = new ReferenceEngine(net, 1); ReferenceEngine other = new ReferenceEngine(flipped, 1);
           NDManager m = t.newManager()) {
        for (int i = 0; i < 64; i++) {
          Trace tr = engine.trace(data.images()[i]);
          List<BnnNet.LayerTrace> ft = t.net().trace(m, t.net().inputs(m, data.images(), i, i + 1));
          for (int layer = 0; layer < net.layers().size() - 1; layer++) {
            float[] lv = ft.get(layer).levels();
            if (lv == null) continue;
            int[] iv = tr.output(layer);
            assertEquals(lv.length, iv.length, "layer " + layer + " size");
            for (int j = 0; j < iv.length; j++)
              assertEquals(Math.round(lv[j]), iv[j], "image " + i + ", layer " + net.layers().get(layer).name() + ", element " + j);
          }
          int[] a0 = tr.output(0), b0 = other.trace(data.images()[i]).output(0);
          for (int y = 0; y < 7; y++)
            for (int x = 0; x < 6; x++)
              for (int c = 0; c < 3; c++) {
                int idx = (y * 6 + x) * 3 + c;
                boolean border = y == 0 || y == 6 || x == 0 || x == 5;
                if (!border) assertEquals(a0[idx], b0[idx], "interior output (" + y + "," + x + "," + c + ") must not depend on the pad value");
                else if (a0[idx] != b0[idx]) borderChanges++;
              }
        }
      }
      assertTrue(borderChanges > 0, "flipping conv0's pad value changed no border output: the padding test would not catch a wrong pad value");
    }
  }

  private static Network withConv0Pad(Network net, int pad) {
    List<Layer> layers = new ArrayList<>(net.layers());
    ConvLayer c = (ConvLayer) layers.get(0);
    layers.set(0, new ConvLayer(c.name(), c.kernel(), c.stride(), c.padding(), pad, c.inChannels(), c.outChannels(), c.weights(), c.quantizer()));
    return new Network(net.name(), net.input(), layers, net.metadata());
  }
}
