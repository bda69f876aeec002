package org.xnorkit.model.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;
import org.xnorkit.model.testing.RandomNetworks;

/** Hand-computed cases for the rules where implementations drift: word edges, ties, end values, pads, strides, readouts. */
class ReferenceEngineTest {

  // ---- word boundaries -------------------------------------------------------------------------

  @Test void widthsAroundWordBoundariesMatchNaive() {
    RandomNetworks gen = new RandomNetworks(11);
    for (int n : new int[] {1, 63, 64, 65, 127, 128, 129})
      for (int m : new int[] {1, 63, 64, 65}) {
        InputSpec in = new InputSpec(1, 1, n, InputSpec.Encoding.BITS, gen.table(InputSpec.Encoding.BITS));
        DenseLayer d0 = gen.dense("fc0", in.tensorType(), m, 1);
        DenseLayer d1 = gen.dense("fc1", TensorType.levels(1, 1, m, 1), n, 2);
        OutputLayer o = gen.output("out", TensorType.levels(1, 1, n, 2), 3);
        assertMatchesNaive(new Network("w" + n + "_" + m, in, List.of(d0, d1, o)), gen, 20);
      }
  }

  @Test void allAgreeingRowReachesExactlyTheFanIn() {
    // All +1 inputs and weights: acc = n. Threshold n fires, n + 1 (always off) does not: no ghost bit may count.
    for (int n : new int[] {1, 63, 64, 65, 129}) {
      InputSpec in = new InputSpec(1, 1, n, InputSpec.Encoding.BITS, constantTable(1));
      DenseLayer d = new DenseLayer("fc", n, 2, ones(2, n), new Quantizer(2, 1, new int[] {n, n + 1}, new int[] {1, 1}));
      Network net = new Network("edge" + n, in, List.of(d, argmaxOutput(2)));
      assertArrayEquals(new int[] {1, 0}, new ReferenceEngine(net, 1).trace(new byte[n]).output(0), "n = " + n);
    }
  }

  @Test void singleInputIsXnor() {
    int[] table = new int[256];
    table[1] = 1;
    InputSpec in = new InputSpec(1, 1, 1, InputSpec.Encoding.BITS, table);
    PackedBits w = PackedBits.of(2, 1, (r, c) -> r == 1); // row 0: −1, row 1: +1
    DenseLayer d = new DenseLayer("fc", 1, 2, w, Quantizer.ascending(2, 1, new int[] {1, 1}));
    ReferenceEngine e = new ReferenceEngine(new Network("xnor", in, List.of(d, argmaxOutput(2))), 1);
    assertArrayEquals(new int[] {1, 0}, e.trace(new byte[] {0}).output(0)); // input −1 agrees with row 0
    assertArrayEquals(new int[] {0, 1}, e.trace(new byte[] {1}).output(0));
  }

  // ---- quantizer ties and end values -----------------------------------------------------------

  @Test void tiesCountAsReachedInBothDirections() {
    // Every row 1100 on an all +1 input: acc = 2 for every channel.
    InputSpec in = new InputSpec(1, 1, 4, InputSpec.Encoding.BITS, constantTable(1));
    PackedBits w = PackedBits.of(4, 4, (r, c) -> c < 2);
    Quantizer q = new Quantizer(4, 1, new int[] {2, 3, 2, 1}, new int[] {1, 1, -1, -1});
    Network net = new Network("ties", in, List.of(new DenseLayer("fc", 4, 4, w, q), argmaxOutput(4)));
    int[] got = new ReferenceEngine(net, 1).trace(new byte[4]).output(0);
    assertArrayEquals(new int[] {1, 0, 1, 0}, got, "acc 2: >= 2 yes, >= 3 no, <= 2 yes, <= 1 no");
    assertMatchesNaive(net, new RandomNetworks(3), 5);
  }

  @Test void multiLevelTiesCountEveryReachedThreshold() {
    InputSpec in = new InputSpec(1, 1, 4, InputSpec.Encoding.BITS, constantTable(1));
    PackedBits w = PackedBits.of(2, 4, (r, c) -> c < 2); // acc = 2
    Quantizer q = new Quantizer(2, 3, new int[] {1, 2, 2, 2, 2, 3}, new int[] {1, -1});
    Network net = new Network("kties", in, List.of(new DenseLayer("fc", 4, 2, w, q), argmaxOutput(2)));
    assertArrayEquals(new int[] {3, 3}, new ReferenceEngine(net, 1).trace(new byte[4]).output(0));
  }

  @Test void endValuesAreAlwaysOnAndAlwaysOff() {
    // n = 5 bits in, acc in [0, 5]: +1 with t = 0 on, t = 6 off; −1 with t = 5 on, t = −1 off.
    RandomNetworks gen = new RandomNetworks(5);
    InputSpec in = new InputSpec(1, 1, 5, InputSpec.Encoding.BITS, gen.table(InputSpec.Encoding.BITS));
    Quantizer q = new Quantizer(4, 1, new int[] {0, 6, 5, -1}, new int[] {1, 1, -1, -1});
    Network net = new Network("ends", in, List.of(new DenseLayer("fc", 5, 4, gen.bits(4, 5), q), argmaxOutput(4)));
    ReferenceEngine e = new ReferenceEngine(net, 1);
    for (byte[] img : gen.images(in, 64)) assertArrayEquals(new int[] {1, 0, 1, 0}, e.trace(img).output(0));
  }

  // ---- padding ---------------------------------------------------------------------------------

  @Test void bitPadValueChangesBorderOutputs() {
    // 3×3 all +1 input, 3×3 kernel of +1, padding 1; the identity quantizer makes the level the accumulator.
    InputSpec in = new InputSpec(3, 3, 1, InputSpec.Encoding.BITS, constantTable(1));
    for (int pad : new int[] {-1, 1}) {
      ConvLayer c = new ConvLayer("conv", 3, 1, 1, pad, 1, 1, ones(1, 9), identity(1, 9));
      Network net = new Network("pad", in, List.of(c, argmaxOutput(9)));
      int[] got = new ReferenceEngine(net, 1).trace(new byte[9]).output(0);
      int[] want = pad == 1 ? new int[] {9, 9, 9, 9, 9, 9, 9, 9, 9} : new int[] {4, 6, 4, 6, 9, 6, 4, 6, 4};
      assertArrayEquals(want, got, "padValue " + pad);
      assertMatchesNaive(net, new RandomNetworks(pad + 10), 10);
    }
  }

  @Test void levelPadValueChangesBorderOutputs() {
    // conv1x1 makes level 2 of K = 3 everywhere (acc 1 >= 0, >= 1, not >= 2); then a 3×3 conv with pad 2ℓp − 3.
    InputSpec in = new InputSpec(3, 3, 1, InputSpec.Encoding.BITS, constantTable(1));
    ConvLayer toLevels = new ConvLayer("lift", 1, 1, 0, -1, 1, 1, ones(1, 1), Quantizer.ascending(1, 3, new int[] {0, 1, 2}));
    for (int lp = 0; lp <= 3; lp++) {
      ConvLayer c = new ConvLayer("conv", 3, 1, 1, 2 * lp - 3, 1, 1, ones(1, 9), identity(1, 27));
      Network net = new Network("kpad", in, List.of(toLevels, c, argmaxOutput(9)));
      int[] got = new ReferenceEngine(net, 1).trace(new byte[9]).output(1);
      // Each real element (ℓ = 2) agrees with +1 weights on 2 planes, each pad element on ℓp planes.
      int corner = 4 * 2 + 5 * lp, edge = 6 * 2 + 3 * lp, center = 18;
      assertArrayEquals(new int[] {corner, edge, corner, edge, center, edge, corner, edge, corner}, got, "pad level " + lp);
      assertMatchesNaive(net, new RandomNetworks(lp), 5);
    }
  }

  @Test void int8PadAndExtremeCodes() {
    // All codes 1, pad −128: acc = Σ q = 9 in the middle, 4 − 5·128 at a corner, 6 − 3·128 on an edge.
    InputSpec in = new InputSpec(3, 3, 1, InputSpec.Encoding.INT8, constantTable(1));
    Quantizer q = Quantizer.ascending(1, 3, new int[] {-636, -378, 9});
    ConvLayer c = new ConvLayer("conv", 3, 1, 1, -128, 1, 1, ones(1, 9), q);
    Network net = new Network("int8pad", in, List.of(c, argmaxOutput(9)));
    assertArrayEquals(new int[] {1, 2, 1, 2, 3, 2, 1, 2, 1}, new ReferenceEngine(net, 1).trace(new byte[9]).output(0));
    assertMatchesNaive(net, new RandomNetworks(8), 5);
  }

  @Test void int8MinimumCodesReachTheAccumulatorEnds() {
    int n = 3;
    InputSpec in = new InputSpec(1, 1, n, InputSpec.Encoding.INT8, constantTable(-128));
    // acc = Σ (+1)·(−128) = −384 = accMin.
    Quantizer q = new Quantizer(4, 1, new int[] {-384, -383, -384, -385}, new int[] {1, 1, -1, -1});
    DenseLayer d = new DenseLayer("fc", n, 4, ones(4, n), q);
    Network net = new Network("int8min", in, List.of(d, argmaxOutput(4)));
    assertArrayEquals(new int[] {1, 0, 1, 0}, new ReferenceEngine(net, 1).trace(new byte[n]).output(0));

    // Output layer straight on int8 codes: +1 weights give −128·n, −1 weights +128·n.
    PackedBits w = PackedBits.of(2, n, (r, col) -> r == 0);
    OutputLayer o = new OutputLayer("out", n, 2, new OutputWeights.Binary(w), null, null, null, Readout.ARGMAX);
    Inference inf = new ReferenceEngine(new Network("int8out", in, List.of(o)), 1).infer(new byte[n]);
    assertArrayEquals(new long[] {-128L * n, 128L * n}, inf.scores());
    assertEquals(1, inf.predicted());

    // 32-bit integer weights times −128 overflow int: scores are 64-bit.
    int[] iw = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
    OutputLayer oi = new OutputLayer("out", n, 2, new OutputWeights.Integer(32, 2, n, iw), new int[] {3, 1}, new int[] {0, -7}, null, Readout.ARGMAX);
    Inference big = new ReferenceEngine(new Network("int8big", in, List.of(oi)), 1).infer(new byte[n]);
    assertArrayEquals(new long[] {3L * n * 128L * (1L << 31), -128L * n * Integer.MAX_VALUE - 7}, big.scores());
  }

  // ---- strides ---------------------------------------------------------------------------------

  @Test void convStrideSkipsPixels() {
    int[] table = new int[256];
    for (int p = 0; p < 256; p++) table[p] = p & 1;
    InputSpec in = new InputSpec(1, 7, 1, InputSpec.Encoding.BITS, table);
    // 1×1 kernel of +1, threshold 1: the output bit is the input bit; stride 3 reads x = 0, 3, 6.
    ConvLayer c = new ConvLayer("conv", 1, 3, 0, -1, 1, 1, ones(1, 1), Quantizer.ascending(1, 1, new int[] {1}));
    Network net = new Network("stride", in, List.of(c, argmaxOutput(3)));
    byte[] img = {1, 0, 0, 0, 0, 0, 1};
    assertArrayEquals(new int[] {1, 0, 1}, new ReferenceEngine(net, 1).trace(img).output(0));
    RandomNetworks gen = new RandomNetworks(21);
    for (int s = 2; s <= 3; s++)
      for (int k = 1; k <= 5; k++) {
        TensorType t = TensorType.levels(9, 8, 3, 1);
        InputSpec in2 = new InputSpec(9, 8, 3, InputSpec.Encoding.BITS, gen.table(InputSpec.Encoding.BITS));
        ConvLayer cv = gen.conv("conv", t, k, s, k / 2, 5, 2);
        TensorType ct = TensorType.levels(cv.outSize(9), cv.outSize(8), 5, 2);
        assertMatchesNaive(new Network("s" + s + "k" + k, in2, List.of(cv, gen.output("out", ct, 4))), gen, 5);
      }
  }

  @Test void maxPoolIsMaxLevelWithStride() {
    // 4×4×1 input of K = 2 levels made by a 1×1 conv from int8 codes 0..2 (thresholds 1, 2: level = code).
    int[] table = new int[256];
    for (int p = 0; p < 256; p++) table[p] = Math.min(p, 127); // code = pixel value
    InputSpec in = new InputSpec(4, 4, 1, InputSpec.Encoding.INT8, table);
    ConvLayer lift = new ConvLayer("lift", 1, 1, 0, 0, 1, 1, ones(1, 1), Quantizer.ascending(1, 2, new int[] {1, 2}));
    MaxPoolLayer pool = new MaxPoolLayer("pool", 2, 2);
    Network net = new Network("pool", in, List.of(lift, pool, argmaxOutput(4)));
    byte[] img = {0, 1, 0, 0,
                  0, 0, 0, 0,
                  2, 0, 1, 1,
                  0, 0, 1, 0};
    assertArrayEquals(new int[] {1, 0, 2, 1}, new ReferenceEngine(net, 1).trace(img).output(1));
    assertMatchesNaive(net, new RandomNetworks(4), 10);
  }

  // ---- readouts --------------------------------------------------------------------------------

  @Test void highestSetBitIsZeroWhenNoBitIsSet() {
    int n = 8, classes = 6;
    InputSpec in = new InputSpec(1, 1, n, InputSpec.Encoding.BITS, constantTable(1));
    int[] off = new int[classes], dirs = new int[classes];
    Arrays.fill(off, n + 1); // acc ≤ 8: threshold 9 with direction +1 never fires
    Arrays.fill(dirs, 1);
    OutputLayer o = new OutputLayer("out", n, classes, new OutputWeights.Binary(ones(classes, n)), null, null,
        new Quantizer(classes, 1, off, dirs), Readout.HIGHEST_SET_BIT);
    Inference none = new ReferenceEngine(new Network("hsb0", in, List.of(o)), 1).infer(new byte[n]);
    assertArrayEquals(new int[classes], none.classBits());
    assertEquals(0, none.predicted());

    int[] some = off.clone();
    some[2] = 0; // always on
    some[5] = 0;
    OutputLayer o2 = new OutputLayer("out", n, classes, new OutputWeights.Binary(ones(classes, n)), null, null,
        new Quantizer(classes, 1, some, dirs), Readout.HIGHEST_SET_BIT);
    Inference two = new ReferenceEngine(new Network("hsb", in, List.of(o2)), 1).infer(new byte[n]);
    assertArrayEquals(new int[] {0, 0, 1, 0, 0, 1}, two.classBits());
    assertEquals(5, two.predicted());
  }

  @Test void argmaxTieGoesToTheLowestIndex() {
    int n = 4;
    InputSpec in = new InputSpec(1, 1, n, InputSpec.Encoding.BITS, constantTable(1));
    OutputLayer o = new OutputLayer("out", n, 4, new OutputWeights.Binary(ones(4, n)), new int[4], new int[] {5, 7, 7, 3}, null, Readout.ARGMAX);
    Inference a = new ReferenceEngine(new Network("tie", in, List.of(o)), 1).infer(new byte[n]);
    assertArrayEquals(new long[] {5, 7, 7, 3}, a.scores());
    assertEquals(1, a.predicted());
    OutputLayer all = new OutputLayer("out", n, 3, new OutputWeights.Binary(ones(3, n)), null, null, null, Readout.ARGMAX);
    assertEquals(0, new ReferenceEngine(new Network("tie3", in, List.of(all)), 1).infer(new byte[n]).predicted());
  }

  // ---- batches and errors ----------------------------------------------------------------------

  @Test void batchesAreDeterministicWhateverTheThreadCount() {
    RandomNetworks gen = new RandomNetworks(99);
    for (RandomNetworks.Family f : RandomNetworks.Family.values()) {
      Network net = gen.network(RandomNetworks.Bounds.defaults().withFamily(f));
      byte[][] imgs = gen.images(net.input(), 301);
      List<Inference> one = new ArrayList<>();
      try (ReferenceEngine e1 = new ReferenceEngine(net, 1)) {
        for (byte[] img : imgs) one.add(e1.infer(img));
        assertEquals(one, List.of(e1.inferBatch(imgs)));
      }
      for (int threads : new int[] {2, 3, 8})
        try (ReferenceEngine e = new ReferenceEngine(net, threads)) {
          assertEquals(one, List.of(e.inferBatch(imgs)), f + ", " + threads + " threads");
          assertEquals(one, List.of(e.inferBatch(imgs)), f + ", " + threads + " threads, second batch");
        }
    }
  }

  @Test void wrongImageSizeNamesTheExpectedShape() {
    Network net = new RandomNetworks(1).mlp(InputSpec.binarized(2, 3, 1, 128), 1, 4, 2);
    ReferenceEngine e = new ReferenceEngine(net, 2);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.infer(new byte[5]));
    assertTrue(ex.getMessage().contains("expected height*width*channels = 2*3*1 = 6"), ex.getMessage());
    IllegalArgumentException bx = assertThrows(IllegalArgumentException.class, () -> e.inferBatch(new byte[][] {new byte[6], new byte[7]}));
    assertTrue(bx.getMessage().startsWith("image 1: has 7 pixels"), bx.getMessage());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static void assertMatchesNaive(Network net, RandomNetworks gen, int images) {
    ReferenceEngine e = new ReferenceEngine(net, 1);
    for (byte[] img : gen.images(net.input(), images)) {
      NaiveEvaluator.Result want = NaiveEvaluator.evaluate(net, img);
      Trace got = e.trace(img);
      for (int i = 0; i < net.layers().size() - 1; i++)
        assertArrayEquals(want.tensors().get(i + 1), got.output(i), net.name() + " layer " + i);
      assertArrayEquals(want.scores(), got.inference().scores(), net.name() + " scores");
      assertArrayEquals(want.classBits(), got.inference().classBits(), net.name() + " class bits");
      assertEquals(want.predicted(), got.inference().predicted(), net.name() + " predicted");
    }
  }

  private static int[] constantTable(int code) {
    int[] t = new int[256];
    Arrays.fill(t, code);
    return t;
  }

  private static PackedBits ones(int rows, int cols) { return PackedBits.of(rows, cols, (r, c) -> true); }

  /** K = max thresholds 1..max, direction +1: the level equals the accumulator for acc in [0, max]. */
  private static Quantizer identity(int channels, int max) {
    int[] t = new int[channels * max];
    for (int c = 0; c < channels; c++) for (int j = 0; j < max; j++) t[c * max + j] = j + 1;
    return Quantizer.ascending(channels, max, t);
  }

  /** Placeholder output layer of all-ones binary weights for a tensor of {@code inputs} elements. */
  private static OutputLayer argmaxOutput(int inputs) {
    return new OutputLayer("out", inputs, 2, new OutputWeights.Binary(ones(2, inputs)), null, null, null, Readout.ARGMAX);
  }
}
