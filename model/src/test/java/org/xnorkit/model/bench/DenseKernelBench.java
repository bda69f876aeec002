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
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.dense.DenseReference;
import org.xnorkit.model.testing.RandomNetworks;

/**
 * One dense layer of the reference engine on one input vector: an LFC hidden layer
 * (1024 → 1024, K = 1 output) reading K = 1 or K = 2 levels, and an int8 first layer (784 → 1024).
 * Score: ns per layer evaluation; binary MACs per op = inputs·K·outputs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DenseKernelBench {
  /** inputs x outputs, input domain. */
  @Param({"1024x1024-k1", "1024x1024-k2", "784x1024-int8"}) // keep in step with SHAPES
  public String shape;

  /** The shapes {@link Benchmarks} --cpu-time runs. */
  static final String[] SHAPES = {"1024x1024-k1", "1024x1024-k2", "784x1024-int8"};

  private DenseReference kernel;
  private Layout out;
  private long[] x;
  private long[] y;
  private Scratch scratch;

  @Setup public void setup() {
    RandomNetworks gen = new RandomNetworks(42);
    int inputs = Integer.parseInt(shape.substring(0, shape.indexOf('x')));
    TensorType in = shape.endsWith("int8") ? TensorType.int8(1, 1, inputs) : TensorType.levels(1, 1, inputs, shape.endsWith("k2") ? 2 : 1);
    DenseLayer layer = gen.dense("fc", in, 1024, 1);
    Layout inLayout = Layout.flat(in);
    out = Layout.flat(TensorType.levels(1, 1, 1024, 1));
    kernel = new DenseReference(layer, inLayout, out);
    x = new long[inLayout.bufferWords()];
    y = new long[out.bufferWords()];
    scratch = new Scratch(1024, 64, 0, 1);
    int[] values = new int[inputs];
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < inputs; i++) values[i] = in.domain() == TensorType.Domain.INT8 ? rnd.nextInt(256) - 128 : rnd.nextInt(in.k() + 1);
    inLayout.writeTensor(x, values, new long[64]);
  }

  @Benchmark public long[] layer() {
    out.prepare(y);
    kernel.run(x, y, scratch);
    return y; // JMH consumes the result
  }
}
