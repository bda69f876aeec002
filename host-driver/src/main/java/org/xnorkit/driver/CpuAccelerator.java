package org.xnorkit.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
      private final BlockingQueue<Object> out = new ArrayBlockingQueue<>(4096);
      private final Object end = new Object();
      private long in, done;
      private volatile boolean aborted;

      @Override public void send(byte[] pixels) {
        batch.add(pixels);
        in++;
      }

      @Override public void flush() {
        if (batch.isEmpty()) return;
        Inference[] r = engine.inferBatch(batch.toArray(new byte[0][]));
        batch.clear();
        for (Inference i : r) put(new Output(i, -1, -1));
      }

      @Override public void finish() {
        flush();
        put(end);
      }

      private void put(Object o) {
        try {
          while (!aborted && !out.offer(o, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) { /* wait for the reader */ }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BackendException("cpu backend interrupted", e);
        }
      }

      @Override public Output receive() {
        try {
          Object o = out.take();
          if (o == end) return null;
          done++;
          return (Output) o;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BackendException("cpu backend interrupted", e);
        }
      }

      @Override public End end() { return new End(-1, in, done); }
      @Override public void abort() { aborted = true; }
      @Override public String describe() { return "reference engine, " + engine.threads() + " threads"; }
    };
  }
}
