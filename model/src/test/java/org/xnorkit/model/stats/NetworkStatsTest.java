package org.xnorkit.model.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;
import org.xnorkit.model.testing.RandomNetworks;

/** Hand-computed figures (docs/stats.md shows the same arithmetic). */
class NetworkStatsTest {

  @Test void lfc() {
    Network lfc = new RandomNetworks(1).mlp(InputSpec.binarized(28, 28, 1, 128), 1, 1024, 1024, 1024, 10);
    NetworkStats s = NetworkStats.of(lfc);
    NetworkStats.LayerStats fc0 = s.layers().get(0), fc1 = s.layers().get(1), out = s.layers().get(3);
    assertEquals(784L * 1024, fc0.binaryWeights());
    assertEquals(1024, fc0.thresholds());
    assertEquals(784L * 1024 + 1024 * 10 + 1024, fc0.storageBits(), "acc in [0, 784]: 10-bit thresholds, 1 direction bit each");
    assertEquals(784L * 1024, fc0.binaryOps());
    assertEquals(1024L * 1024 + 1024 * 11 + 1024, fc1.storageBits(), "acc in [0, 1024]: 11-bit thresholds");
    assertEquals(10240, out.binaryWeights());
    assertEquals(10240, out.storageBits());
    assertEquals(10240, out.binaryOps());
    assertEquals(0, out.nonBinaryOps());

    NetworkStats.LayerStats t = s.total();
    assertEquals(2_910_208L, t.binaryWeights());
    assertEquals(3072, t.thresholds());
    assertEquals(2_910_208L + 3072, t.params());
    assertEquals(2_910_208L, t.binaryOps());
    assertEquals(2_946_048L, t.storageBits());
    assertEquals(368_256L, t.storageBytes());
    assertEquals(2_910_208 / 64.0, t.ops(), 1e-9);
  }

  @Test void int8ConvPoolAndIntegerOutput() {
    RandomNetworks gen = new RandomNetworks(2);
    InputSpec in = new InputSpec(32, 32, 3, InputSpec.Encoding.INT8, gen.table(InputSpec.Encoding.INT8));
    ConvLayer conv = gen.conv("conv0", in.tensorType(), 3, 1, 0, 64, 1);
    MaxPoolLayer pool = new MaxPoolLayer("pool", 2, 2);
    FlattenLayer flat = new FlattenLayer("flat");
    int n = 15 * 15 * 64;
    int[] w = new int[n * 10];
    int[] scale = new int[10];
    Arrays.fill(scale, 2);
    OutputLayer out = new OutputLayer("out", n, 10, new OutputWeights.Integer(4, 10, n, w), scale, null, null, Readout.ARGMAX);
    NetworkStats s = NetworkStats.of(new Network("cnvish", in, List.of(conv, pool, flat, out)));

    NetworkStats.LayerStats c = s.layers().get(0);
    assertEquals(1728, c.binaryWeights());
    assertEquals(0, c.binaryOps(), "an int8 input makes add/subtract, not XNOR");
    assertEquals(1728L * 30 * 30, c.nonBinaryOps());
    assertEquals(1728 + 64 * 13 + 64, c.storageBits(), "acc in [-3456, 3456]: 13-bit signed thresholds");
    assertEquals(0, s.layers().get(1).params());
    assertEquals(0, s.layers().get(2).storageBits());
    NetworkStats.LayerStats o = s.layers().get(3);
    assertEquals(144_000, o.integerWeights());
    assertEquals(20, o.otherParams(), "scale and offset, not the identity");
    assertEquals(144_000L * 4 + 20 * 32, o.storageBits());
    assertEquals(144_000, o.nonBinaryOps());
    assertEquals(1_555_200L + 144_000, s.total().nonBinaryOps());
    assertEquals(1_699_200.0, s.total().ops(), 1e-9);
  }

  @Test void everyPlaneOfAMultiLevelInputIsABinaryInput() {
    InputSpec in = InputSpec.binarized(1, 1, 100, 128);
    DenseLayer d0 = new DenseLayer("fc0", 100, 50, PackedBits.of(50, 100, (r, c) -> true), Quantizer.ascending(50, 3, thresholds(50, 3, 50)));
    DenseLayer d1 = new DenseLayer("fc1", 50, 20, PackedBits.of(20, 50, (r, c) -> false), Quantizer.ascending(20, 1, thresholds(20, 1, 75)));
    OutputLayer out = new OutputLayer("out", 20, 2, new OutputWeights.Binary(PackedBits.of(2, 20, (r, c) -> true)), null, null,
        new Quantizer(2, 1, new int[] {10, 10}, new int[] {1, -1}), Readout.HIGHEST_SET_BIT);
    NetworkStats s = NetworkStats.of(new Network("k3", in, List.of(d0, d1, out)));
    assertEquals(150, s.layers().get(0).thresholds());
    assertEquals(5000 + 150 * 7 + 50, s.layers().get(0).storageBits(), "acc in [0, 100]: 7 bits");
    assertEquals(50L * 3 * 20, s.layers().get(1).binaryOps(), "K = 3 planes per input element");
    assertEquals(1000 + 20 * 8 + 20, s.layers().get(1).storageBits(), "acc in [0, 150]: 8 bits");
    assertEquals(2, s.layers().get(2).thresholds());
    assertEquals(40 + 2 * 5 + 2, s.layers().get(2).storageBits(), "scores in [0, 20]: 5 bits");
    assertEquals(TensorType.levels(1, 1, 20, 1), new Network("k3", in, List.of(d0, d1, out)).tensorTypes().get(2));
  }

  private static int[] thresholds(int channels, int k, int t) {
    int[] a = new int[channels * k];
    Arrays.fill(a, t);
    return a;
  }
}
