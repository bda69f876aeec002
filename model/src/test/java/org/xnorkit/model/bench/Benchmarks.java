package org.xnorkit.model.bench;

/**
 * Entry point for the model's JMH benchmarks ({@link DenseKernelBench}, {@link ConvKernelBench},
 * {@link LfcBench}). Arguments are JMH's own ({@code -h} lists them; a regex selects benchmarks).
 * Run from the project root with
 * <pre>mvn -q -o -pl model test-compile exec:exec@bench -Dbench="-f 1 -wi 3 -i 5"</pre>
 * Each benchmark class carries short defaults (1 fork, a few seconds) fit for a 2-core machine.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args);
  }
}
