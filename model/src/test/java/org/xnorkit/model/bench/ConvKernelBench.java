package org.xnorkit.model.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.engine.Layout;
import org.xnorkit.model.engine.Scratch;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.conv.ConvReference;
import org.xnorkit.model.testing.RandomNetworks;

/**
 * One conv2d layer of the reference engine on one image, CNV-shaped: a 3×3, 64 → 64 binary conv on
 * 30×30 (28×28 outputs, 28.9 M binary MACs), the same with padding 1 (30×30 outputs, 33.2 M), and
 * the int8 first layer, 3×3, 3 → 64 on 32×32 (30×30 outputs, 1.56 M add/subtract).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConvKernelBench {
  @Param({"64to64-30x30-pad0", "64to64-30x30-pad1", "int8-3to64-32x32"}) // keep in step with SHAPES
  public String shape;

  /** The shapes {@link Benchmarks} --cpu-time runs. */
  static final String[] SHAPES = {"64to64-30x30-pad0", "64to64-30x30-pad1", "int8-3to64-32x32"};

  private ConvReference kernel;
  private Layout out;
  private long[] x;
  private long[] y;
  private Scratch scratch;

  @Setup public void setup() {
    RandomNetworks gen = new RandomNetworks(42);
    boolean int8 = shape.startsWith("int8");
    TensorType in = int8 ? TensorType.int8(32, 32, 3) : TensorType.levels(30, 30, 64, 1);
    int padding = shape.endsWith("pad1") ? 1 : 0;
    ConvLayer layer = gen.conv("conv", in, 3, 1, padding, 64, 1);
    Layout inLayout = Layout.pixels(in, padding, layer.padValue());
    int oh = layer.outSize(in.height()), ow = layer.outSize(in.width());
    out = Layout.pixels(TensorType.levels(oh, ow, 64, 1), 0, 0);
    kernel = new ConvReference(layer, inLayout, out);
    x = new long[inLayout.bufferWords()];
    inLayout.initBuffer(x);
    y = new long[out.bufferWords()];
    scratch = new Scratch(64, 64, kernel.windowWords(), 1);
    int[] values = new int[in.size()];
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < values.length; i++) values[i] = int8 ? rnd.nextInt(256) - 128 : rnd.nextInt(2);
    inLayout.writeTensor(x, values, new long[64]);
  }

  @Benchmark public long[] layer() {
    out.prepare(y);
    kernel.run(x, y, scratch);
    return y; // JMH consumes the result
  }
}
