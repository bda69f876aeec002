package org.xnorkit.driver;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.xnorkit.driver.Session.Output;

/**
 * What a backend's session hands its reader: results in order, then either the end of the stream
 * or the failure that ended it. Bounded, so a slow reader holds the writer back; an aborted queue
 * stops holding it back (its results no longer matter).
 */
final class ResultQueue {
  private static final Object END = new Object();
  private final BlockingQueue<Object> queue;
  private volatile boolean aborted;

  ResultQueue(int capacity) { this.queue = new ArrayBlockingQueue<>(capacity); }

  void put(Output result) { offer(result); }

  /** Ends the stream with a failure: the reader gets it after the results before it. */
  void fail(BackendException failure) { offer(failure); }

  /** Ends the stream normally: the reader's next {@link #take()} after the last result is null. */
  void end() { offer(END); }

  /** Stops a writer waiting for room; what is still queued is left to be dropped. */
  void abort() { aborted = true; }

  /** The next result; null at the end of the stream; the failure that ended the stream is thrown. */
  Output take() {
    try {
      Object o = queue.take();
      if (o == END) return null;
      if (o instanceof BackendException e) throw e;
      return (Output) o;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while waiting for a result", e);
    }
  }

  private void offer(Object o) {
    try {
      while (!aborted && !queue.offer(o, 50, TimeUnit.MILLISECONDS)) { /* wait for the reader */ }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while handing over a result", e);
    }
  }
}
