package org.xnorkit.hwgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.Folding;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.testing.RandomNetworks;

/**
 * Random conv/max-pool networks through the generated RTL in Icarus against the reference engine:
 * int8 and bits inputs, kernels 1..3, strides 1..2, padding with ±1 bits, K-level and int8 pad
 * values, odd sizes, channel counts SIMD does not divide, a pixel serializer (several pixels per
 * input beat), and the steady-state cycles per image equal to the analytical II.
 */
class ConvGeneratorTest {
  @TempDir Path tmp;

  /**
   * {@code layers}: space-separated, {@code cK/S/P/Cout/Kq} (conv kernel, stride, padding, outputs,
   * levels) or {@code pK/S} (max-pool) or {@code f} (flatten) or {@code dN/Kq} (dense); folds:
   * pe/simd per compute layer in order, the output layer last.
   */
  static Network network(long seed, int h, int w, int c, InputSpec.Encoding enc, String layers, int classes) {
    RandomNetworks r = new RandomNetworks(seed);
    InputSpec in;
    do { in = r.input(new RandomNetworks.Bounds(RandomNetworks.Family.CONV, 1, 8, 8, 8, 3, enc, 1_000_000)); }
    while (in.encoding() != enc);
    in = new InputSpec(h, w, c, enc, in.table());
    TensorType t = in.tensorType();
    List<Layer> ls = new ArrayList<>();
    for (String spec : layers.split(" ")) {
      String name = "l" + ls.size();
      String[] a = spec.substring(1).split("/");
      Layer l = switch (spec.charAt(0)) {
        case 'c' -> r.conv(name, t, Integer.parseInt(a[0]), Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]));
        case 'p' -> new MaxPoolLayer(name, Integer.parseInt(a[0]), Integer.parseInt(a[1]));
        case 'f' -> new FlattenLayer(name);
        case 'd' -> r.dense(name, t, Integer.parseInt(a[0]), Integer.parseInt(a[1]));
        default -> throw new IllegalArgumentException(spec);
      };
      ls.add(l);
      t = next(t, l);
    }
    ls.add(binaryOutput(r, t, classes));
    return new Network("conv" + seed, in, ls);
  }

  private static TensorType next(TensorType t, Layer l) {
    if (l instanceof ConvLayer c) return TensorType.levels(c.outSize(t.height()), c.outSize(t.width()), c.outChannels(), c.quantizer().k());
    if (l instanceof MaxPoolLayer p) return TensorType.levels(p.outSize(t.height()), p.outSize(t.width()), t.channels(), t.k());
    if (l instanceof org.xnorkit.model.layer.DenseLayer d) return TensorType.levels(1, 1, d.outputs(), d.quantizer().k());
    return t.flattened();
  }

  private static OutputLayer binaryOutput(RandomNetworks r, TensorType t, int classes) {
    while (true) {
      OutputLayer o = r.output("out", t, classes);
      if (o.weights() instanceof OutputWeights.Binary) return o;
    }
  }

  @ParameterizedTest(name = "seed {0}: {1}x{2}x{3} {4} [{5}] folds {6} bus {7} stall {8}")
  @CsvSource({
      // CNV-like: int8 first layer, pad -1 bits, max-pool, conv 1x1 after pooling, dense
      "1, 7, 9, 3, INT8, c3/1/1/5/1 c2/2/1/6/2 p2/1 f d7/1, 5/3 3/4 6/7 2/5 3/2, 0, 0",
      // bits input with several pixels per input beat (serializer), stride 2, K = 3 pads, pool stride 2
      "2, 6, 5, 2, BITS, p2/1 c3/2/2/4/3 c1/1/0/3/2, 2/2 1/3 4/1, 64, 0",
      // odd sizes, kernel 3 stride 2 padding 2, simd not dividing Cin, stalls
      "3, 5, 7, 1, INT8, c3/2/2/9/2 p3/2 c1/1/0/4/1, 4/1 3/4 2/2, 0, 25",
      // padding on K = 3 and K = 2 inputs (pads as thermometer planes), stride 2, kernel 2 with padding 1
      "4, 5, 5, 2, BITS, c3/1/1/6/3 c3/2/1/5/2 c2/1/1/3/1, 3/2 5/4 1/5 2/3, 0, 0",
  })
  void convNetworksMatchTheReferenceEngine(long seed, int h, int w, int c, String enc, String layers, String folds, int bus, int stall) throws Exception {
    Network net = network(seed, h, w, c, InputSpec.Encoding.valueOf(enc), layers, 4);
    Map<String, Folding> fm = new TreeMap<>();
    String[] f = folds.split(" ");
    int i = 0;
    for (Layer l : net.layers())
      if (l.isCompute()) {
        String[] ps = f[i++].split("/");
        fm.put(l.name(), new Folding(Integer.parseInt(ps[0]), Integer.parseInt(ps[1])));
      }
    ResolvedPlan plan = Planner.resolve(net, new Plan(fm, Map.of(), bus, 32), 0, "test");
    Path dir = tmp.resolve("rtl");
    Manifest m = new Generator(s -> {}).generate(net, plan, dir);
    byte[][] imgs = new RandomNetworks(seed).images(net.input(), 8);
    List<IcarusRun.OutBeat> beats = IcarusRun.run(dir, m, Arrays.asList(imgs), stall, (int) seed);
    StreamFormat fmt = new StreamFormat(m);
    ReferenceEngine engine = new ReferenceEngine(net);
    int per = m.outputBeatsPerImage();
    assertEquals(imgs.length * per, beats.size());
    for (int n = 0; n < imgs.length; n++) {
      List<byte[]> mine = new ArrayList<>();
      for (int b = 0; b < per; b++) mine.add(beats.get(n * per + b).data());
      Inference got = fmt.decodeOutput(mine), want = engine.infer(imgs[n]);
      assertArrayEquals(want.scores(), got.scores(), "scores of image " + n);
      assertArrayEquals(want.classBits(), got.classBits(), "class bits of image " + n);
      assertEquals(want.predicted(), got.predicted(), "class of image " + n);
    }
    System.err.printf("seed %d: %s, analytical %d cycles/image, last result at cycle %d%n", seed,
        net.layers().stream().map(l -> l instanceof ConvLayer cl ? cl.name() + "(pad " + cl.padding() + " value " + cl.padValue() + ")" : l.kind()).toList(),
        m.cyclesPerImage(), beats.get(beats.size() - 1).cycle());
    if (stall == 0) {
      int n = imgs.length, half = n / 2;
      long first = beats.get((half + 1) * per - 1).cycle(), last = beats.get(n * per - 1).cycle();
      assertEquals(m.cyclesPerImage() * (n - 1 - half), last - first, "cycles per image over the second half (analytical " + m.cyclesPerImage() + ")");
    }
  }
}
