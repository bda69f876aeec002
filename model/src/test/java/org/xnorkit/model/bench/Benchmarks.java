package org.xnorkit.model.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Entry point for the model's benchmarks ({@link DenseKernelBench}, {@link ConvKernelBench},
 * {@link LfcBench}); see docs/benchmarks.md. Arguments are JMH's own ({@code -h} lists them, a
 * regex selects benchmarks). Each benchmark class carries short defaults (1 fork, a few seconds)
 * fit for a 2-core machine. Run from the project root with
 * <pre>mvn -q -o -pl model test-compile exec:exec@bench -Dbench="-wi 3 -i 5"</pre>
 *
 * <p>{@code --cpu-time} instead measures the same operations in <em>CPU time</em> of the measuring
 * thread (best of several rounds), which stays meaningful on a machine shared with other jobs,
 * where JMH's wall-clock scores drop with the load. A batch on all threads is measured in process
 * CPU time and reported per CPU-second.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--cpu-time")) cpuTime();
    else org.openjdk.jmh.Main.main(args);
  }

  private static void cpuTime() {
    for (String shape : DenseKernelBench.SHAPES) {
      DenseKernelBench b = new DenseKernelBench();
      b.shape = shape;
      b.setup();
      report("DenseKernelBench.layer " + shape, threadCpuNanos(b::layer), "ns/op");
    }
    for (String shape : ConvKernelBench.SHAPES) {
      ConvKernelBench b = new ConvKernelBench();
      b.shape = shape;
      b.setup();
      report("ConvKernelBench.layer " + shape, threadCpuNanos(b::layer), "ns/op");
    }
    LfcBench lfc = new LfcBench();
    lfc.setup();
    double single = threadCpuNanos(lfc::singleImage);
    report("LfcBench.singleImage", 1e9 / single, "images per CPU-second (" + String.format("%.1f", single / 1e3) + " us CPU/image)");
    double batch = processCpuNanos(() -> lfc.allThreads.inferBatch(lfc.images)) / LfcBench.BATCH;
    report("LfcBench.batchAllThreads (" + lfc.allThreads.threads() + " threads)", 1e9 / batch,
        "images per CPU-second of the whole process (" + String.format("%.1f", batch / 1e3) + " us CPU/image)");
    lfc.tearDown();
  }

  private static void report(String name, double value, String unit) {
    System.out.printf("%-52s %14.1f  %s%n", name, value, unit);
  }

  /** Best per-op CPU time of this thread over 10 rounds of at least 0.3 s CPU each, after warm-up. */
  private static double threadCpuNanos(Supplier<?> op) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    return best(op, mx::getCurrentThreadCpuTime);
  }

  private static double processCpuNanos(Supplier<?> op) {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return best(op, os::getProcessCpuTime);
  }

  private static double best(Supplier<?> op, java.util.function.LongSupplier clock) {
    Object sink = null;
    double[] rounds = new double[13];
    for (int r = 0; r < rounds.length; r++) {
      long t0 = clock.getAsLong(), t, n = 0;
      do {
        sink = op.get();
        n++;
      } while ((t = clock.getAsLong()) - t0 < 300_000_000L);
      rounds[r] = (t - t0) / (double) n;
    }
    if (sink == null) throw new AssertionError();
    return Arrays.stream(rounds, 3, rounds.length).min().orElseThrow(); // the first 3 rounds warm up
  }
}
