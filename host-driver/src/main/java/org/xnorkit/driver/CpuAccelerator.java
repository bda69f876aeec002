package org.xnorkit.driver;

import java.util.ArrayList;
import java.util.List;
import org.xnorkit.model.Network;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;

/**
 * The CPU path: the bit-exact reference engine at full speed, each batch through
 * {@link ReferenceEngine#inferBatch} on all cores. It has no cycles.
 */
public final class CpuAccelerator implements Accelerator {
  private final ReferenceEngine engine;

  public CpuAccelerator(Network net) { this.engine = new ReferenceEngine(net); }

  public int threads() { return engine.threads(); }

  @Override public String name() { return "cpu"; }
  @Override public boolean reportsCycles() { return false; }
  @Override public void close() { engine.close(); }

  @Override public Session open() {
    return new Session() {
      private final List<byte[]> batch = new ArrayList<>();
      // Bounded: a slow reader holds the writer back (four batches' worth of results at most).
      private final ResultQueue out = new ResultQueue(4096);
      private long in, done;

      @Override public void send(byte[] pixels) {
        batch.add(pixels);
        in++;
      }

      @Override public void flush() {
        if (batch.isEmpty()) return;
        Inference[] r = engine.inferBatch(batch.toArray(new byte[0][]));
        batch.clear();
        for (Inference i : r) out.put(new Output(i, -1, -1));
      }

      @Override public void finish() {
        flush();
        out.end();
      }

      @Override public Output receive() {
        Output o = out.take();
        if (o != null) done++;
        return o;
      }

      @Override public End end() { return new End(-1, in, done); }
      @Override public void abort() { out.abort(); }
      @Override public String describe() { return "reference engine, " + engine.threads() + " threads"; }
    };
  }
}
