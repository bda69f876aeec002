package org.xnorkit.driver;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.xnorkit.model.engine.Inference;

/**
 * Streams images through an {@link Accelerator}: a writer thread sends them in batches, a reader
 * thread takes the results and matches them to image ids in order, and the calling thread gets
 * them from a bounded queue. Every image's result arrives exactly once, in order; a backend that
 * dies, hangs (no result within the timeout) or answers garbage ends the run with a
 * {@link BackendException} naming the image it was on — never a wrong result.
 *
 * <p>The writer never waits for results: the backend's own back-pressure (a full pipe, a full
 * queue) bounds how many images are in flight, and the backend never has to produce a result
 * before it gets more input (the Verilator harness stops its clock while its input is empty).
 */
public final class StreamingDriver {
  /**
   * @param batch         images per batch (the writer flushes after each one)
   * @param queueDepth    results buffered between the reader and the caller
   * @param timeoutMillis longest wait for one result before the backend counts as hung
   */
  public record Options(int batch, int queueDepth, long timeoutMillis) {
    public Options {
      if (batch < 1) throw new IllegalArgumentException("batch (" + batch + ") must be >= 1");
      if (queueDepth < 1) throw new IllegalArgumentException("queueDepth (" + queueDepth + ") must be >= 1");
      if (timeoutMillis < 1) throw new IllegalArgumentException("timeoutMillis (" + timeoutMillis + ") must be >= 1");
    }

    public static Options defaults() { return new Options(64, 256, 60_000); }

    public Options withTimeoutMillis(long t) { return new Options(batch, queueDepth, t); }
  }

  /** One image's result, matched to its id (its index in the input list). */
  public record Result(int id, Inference inference, long firstInputCycle, long lastOutputCycle) {}

  /** A finished run: wall-clock seconds from the first send to the last result, and the backend's account. */
  public record Report(int images, double seconds, Session.End end) {
    public double imagesPerSecond() { return seconds > 0 ? images / seconds : 0; }
  }

  private final Options options;

  public StreamingDriver(Options options) { this.options = options; }

  /** Runs {@code images} through {@code acc}; {@code sink} gets each result, in order, on the calling thread. */
  public Report run(Accelerator acc, List<byte[]> images, Consumer<Result> sink) throws IOException {
    int n = images.size();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // Ids sent whose results have not come back, oldest first: the reader matches results to them.
    ArrayDeque<Integer> inFlight = new ArrayDeque<>();
    BlockingQueue<Object> results = new ArrayBlockingQueue<>(options.queueDepth());
    Object endMarker = new Object();
    long start = System.nanoTime();
    try (Session session = acc.open()) {
      String who = acc.name() + " (" + session.describe() + ")";
      Thread writer = new Thread(() -> {
        try {
          for (int id = 0; id < n; id++) {
            synchronized (inFlight) { inFlight.addLast(id); }
            session.send(images.get(id));
            if ((id + 1) % options.batch() == 0) session.flush();
          }
          session.finish();
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }, "xnorkit-driver-writer");
      Thread reader = new Thread(() -> {
        try {
          for (int received = 0; ; received++) {
            Session.Output out = session.receive();
            Integer id;
            synchronized (inFlight) { id = inFlight.pollFirst(); }
            if (out == null) {
              if (id != null || received != n)
                throw new BackendException("the stream ended after " + received + " results, but " + n + " images were sent", id == null ? received : id, null);
              results.put(endMarker);
              return;
            }
            if (id == null) throw new BackendException("answered a result (#" + received + ") with no image outstanding: it invented a result", received, null);
            results.put(new Result(id, out.inference(), out.firstInputCycle(), out.lastOutputCycle()));
          }
        } catch (BackendException e) {
          failure.compareAndSet(null, e);
          putQuietly(results, e);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
          putQuietly(results, t);
        }
      }, "xnorkit-driver-reader");
      writer.setDaemon(true);
      reader.setDaemon(true);
      writer.start();
      reader.start();
      int next = 0;
      while (true) {
        Object r = null;
        long deadline = System.nanoTime() + options.timeoutMillis() * 1_000_000L;
        while (r == null) {
          try {
            r = results.poll(50, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.abort();
            throw new BackendException(who + " interrupted while waiting for image " + next, next, e);
          }
          if (r != null) break;
          Throwable w = failure.get();
          if (w != null && results.isEmpty()) r = w;  // e.g. the writer could not send: nothing more will come
          else if (System.nanoTime() > deadline) {
            session.abort();
            throw new BackendException(who + " hung: no result for image " + next + " within " + options.timeoutMillis() + " ms", next, null);
          }
        }
        if (r == endMarker) break;
        if (r instanceof Throwable t) {
          session.abort();
          // The reader's failure is the primary one; the writer's (a broken pipe) is its consequence.
          if (t instanceof BackendException b) throw b.onImage(next, who);
          throw new BackendException(who + " failed on image " + next + ": " + t, next, t);
        }
        Result res = (Result) r;
        if (res.id() != next) { // cannot happen with an in-order reader; guard the invariant all the same
          session.abort();
          throw new BackendException(who + ": result for image " + res.id() + " arrived while image " + next + " was expected", next, null);
        }
        sink.accept(res);
        next++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Session.End end = session.end();
      if (end.imagesOut() >= 0 && end.imagesOut() != n)
        throw new BackendException(who + " reports " + end.imagesOut() + " images out, the driver received " + n, n, null);
      Throwable w = failure.get();
      if (w != null) throw new BackendException(who + ": " + w.getMessage(), next, w);
      return new Report(n, seconds, end);
    }
  }

  private static void putQuietly(BlockingQueue<Object> q, Object o) {
    // The caller polls with a timeout, so dropping the notice when the queue is full only delays it.
    q.offer(o);
  }
}
