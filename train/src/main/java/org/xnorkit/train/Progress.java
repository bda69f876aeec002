package org.xnorkit.train;

import java.io.PrintWriter;

/** A one-line progress bar on stderr, redrawn at most every 200 ms. */
final class Progress {
  private final PrintWriter err;
  private final String label;
  private final int total;
  private final long start = System.nanoTime();
  private long lastDraw;
  private final boolean enabled;

  Progress(PrintWriter err, String label, int total, boolean enabled) {
    this.err = err; this.label = label; this.total = total; this.enabled = enabled;
  }

  void update(int done, String extra) {
    if (!enabled) return;
    long now = System.nanoTime();
    if (done < total && now - lastDraw < 200_000_000L) return;
    lastDraw = now;
    int width = 30, filled = (int) ((long) width * done / Math.max(1, total));
    StringBuilder b = new StringBuilder("\r").append(label).append(" [");
    for (int i = 0; i < width; i++) b.append(i < filled ? '=' : i == filled ? '>' : ' ');
    double s = (now - start) / 1e9;
    b.append("] ").append(done).append('/').append(total).append(String.format(" %.1fs ", s)).append(extra);
    err.print(b);
    if (done >= total) err.println();
    err.flush();
  }
}
