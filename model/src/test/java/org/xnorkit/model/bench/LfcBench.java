package org.xnorkit.model.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.testing.RandomNetworks;

/**
 * Whole-network throughput of the reference engine on an LFC-shaped model (BNN-PYNQ's LFC:
 * 784 binarized pixels → 1024 → 1024 → 1024 → 10, K = 1; 2.91 M binary MACs per image).
 * Scores are images per second: one image at a time on one thread, a batch of 1024 on one
 * thread, and a batch of 1024 on all available processors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LfcBench {
  static final int BATCH = 1024;

  ReferenceEngine oneThread;
  ReferenceEngine allThreads;
  byte[][] images;
  private int next;

  @Setup(Level.Trial) public void setup() {
    RandomNetworks gen = new RandomNetworks(2024);
    Network lfc = gen.mlp(InputSpec.binarized(28, 28, 1, 128), 1, 1024, 1024, 1024, 10);
    oneThread = new ReferenceEngine(lfc, 1);
    allThreads = new ReferenceEngine(lfc);
    images = gen.images(lfc.input(), BATCH);
  }

  @TearDown(Level.Trial) public void tearDown() { allThreads.close(); }

  @Benchmark public Inference singleImage() { return oneThread.infer(images[next++ & (BATCH - 1)]); }

  @Benchmark @OperationsPerInvocation(BATCH) public Inference[] batchOneThread() { return oneThread.inferBatch(images); }

  @Benchmark @OperationsPerInvocation(BATCH) public Inference[] batchAllThreads() { return allThreads.inferBatch(images); }
}
