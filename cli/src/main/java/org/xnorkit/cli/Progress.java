package org.xnorkit.cli;

import java.io.PrintWriter;

/**
 * Progress of one stage on stderr: plain lines ("infer: 2000/10000 images"), at most about one a
 * second, plus the final count; nothing when quiet (null writer).
 */
public final class Progress {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final String stage;
  private final long total;
  private final long start = System.nanoTime();
  private long lastPrinted = start;
  private boolean printedAny;

  Progress(PrintWriter err, String stage, long total) {
    this.err = err;
    this.stage = stage;
    this.total = total;
  }

  /** {@code done} of the total items are finished. */
  public void update(long done, String unit) {
    if (err == null) return;
    long now = System.nanoTime();
    boolean last = done >= total;
    if (!last && now - lastPrinted < INTERVAL_NANOS) return;
    if (last && !printedAny) return; // a short stage prints no progress, only its result
    lastPrinted = now;
    printedAny = true;
    err.printf("%s: %d/%d %s (%.1f s)%n", stage, done, total, unit, (now - start) / 1e9);
    err.flush();
  }
}
