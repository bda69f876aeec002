package org.xnorkit.simulator.unit;

import java.util.function.UnaryOperator;
import org.xnorkit.hwgen.rtl.SwuParams;

/**
 * Cycle model of hwgen's sliding-window unit ({@code rtl/Swu.scala}, docs/timing.md
 * "Sliding-window unit"), a line buffer of R rows:
 *
 * <ul>
 *   <li><b>Rows.</b> {@code written}: the input rows complete, counted from row 0 of the image the
 *       reader is on (negative while the writer finishes rows of the previous image that no
 *       window reads); the reader's output row oy starts at input row y0 = oy·s − pad.</li>
 *   <li><b>Writer.</b> {@code in.ready = written − max(0, y0) < R}; the fire of a row's last beat
 *       (W·⌈C/b⌉ beats) increments {@code written}.</li>
 *   <li><b>Reader.</b> {@code issue = written ≥ min(H, y0 + k) && credits != 0}: one window
 *       position (oy, ox, ky, kx) per cycle; the issue of an output row's last position moves y0
 *       on by s, the image's last subtracts H from {@code written} (at the same edge as the
 *       writer's increment) and y0 goes back to −pad.</li>
 *   <li>The registered read ({@code v1 = RegNext(issue)}) enters the 3-entry output queue at the
 *       next edge (valid on {@code out} two cycles after the issue); {@code credits} (3) are taken
 *       by an issue and returned by a fire on {@code out}.</li>
 * </ul>
 *
 * <p>Values: when an image's first beat is written, {@code transform} of the image the upstream
 * produced (it hands an image over before the image's first beat leaves it) goes to the output
 * channel, before any window of the image: the identity for a conv, whose MVTU computes the
 * windows' sums; the pooled tensor for a max-pool.
 */
public final class SwuModel extends Stage {
  private final int height;
  private final int stride;
  private final int padding;
  private final int kernel;
  private final int outH;
  private final int rows;
  private final long rowBeats;
  private final long rowPositions;
  private final int queueDepth;
  private final VectorChannel<long[]> in;
  private final VectorChannel<long[]> out;
  private final UnaryOperator<long[]> transform;

  // writer
  private long wBeat;   // beat of the row being written
  private int wRow;     // row of the image being written
  private long written; // rows complete, from row 0 of the reader's image
  // reader
  private int oy;
  private long rPos;    // positions issued of output row oy
  private int credits;
  private boolean v1;
  private int qCount;
  private final UnitStats stats;

  public SwuModel(String name, SwuParams p, VectorChannel<long[]> in, VectorChannel<long[]> out, UnaryOperator<long[]> transform) {
    super(name);
    this.height = p.height();
    this.stride = p.stride();
    this.padding = p.padding();
    this.kernel = p.kernel();
    this.outH = p.outH();
    this.rows = p.rows();
    this.rowBeats = (long) p.width() * p.beatsPerPixel();
    this.rowPositions = (long) p.outW() * p.kernel() * p.kernel();
    this.queueDepth = p.queueDepth();
    this.credits = queueDepth;
    this.in = in;
    this.out = out;
    this.transform = transform;
    this.stats = new UnitStats((long) p.pixels() * p.beatsPerPixel(), (long) p.outH() * p.outW() * p.kernel() * p.kernel());
  }

  public UnitStats stats() { return stats; }
  public int queueCount() { return qCount; }
  public int queueDepth() { return queueDepth; }
  public int credits() { return credits; }
  /** Rows complete from row 0 of the image the reader is on. */
  public long rowsWritten() { return written; }
  /** The output row the reader is on. */
  public int outputRow() { return oy; }
  /** Rows of the line buffer. */
  public int rows() { return rows; }

  private int y0() { return oy * stride - padding; }
  /** Output row oy's rows are all written. */
  private boolean rowReady() { return written >= Math.min(height, y0() + kernel); }

  @Override public boolean inReady() { return written - Math.max(0, y0()) < rows; }
  @Override public boolean outValid() { return qCount > 0; }
  @Override public boolean active() { return v1 || (rowReady() && credits != 0); }

  @Override public void step(long cycle, boolean inFire, boolean outFire) {
    boolean ready = rowReady();
    boolean issue = ready && credits != 0;
    boolean enqFire = v1 && qCount < queueDepth;
    if (issue) stats.busy++;
    else if (ready) stats.blocked++;
    else stats.starved++;
    if (inFire) stats.inBeat(cycle);
    if (outFire) stats.outBeat(cycle);

    if (inFire) {
      if (wBeat == 0 && wRow == 0) out.push(transform.apply(in.pop()));
      if (++wBeat == rowBeats) {
        wBeat = 0;
        written++;
        if (++wRow == height) wRow = 0;
      }
    }
    if (issue) {
      credits--;
      if (++rPos == rowPositions) {
        rPos = 0;
        if (++oy == outH) {
          oy = 0;
          written -= height;
        }
      }
    }
    if (v1 && !enqFire) stats.lostResults++;
    if (enqFire != outFire) qCount += enqFire ? 1 : -1;
    v1 = issue;
    if (outFire) credits++;
  }

  /**
   * Two steady states repeat: streaming (an issue, an enqueue and a beat out every cycle: credits
   * and queue constant) until the output row's last position, and idle (no issue, nothing in the
   * read pipeline) while beats leave the queue until it runs empty or a returned credit lets a
   * ready row start. Besides: the fire completing the row being written, and the fire of an
   * image's first beat (its values go downstream).
   */
  @Override public long nextEvent(long t, boolean inFire, boolean outFire) {
    long e = Long.MAX_VALUE;
    if (inFire) e = wBeat == 0 && wRow == 0 ? t + 1 : t + (rowBeats - wBeat);
    boolean issueNext = rowReady() && credits != 0;
    if (issueNext && v1 && outFire && qCount < queueDepth) e = Math.min(e, t + (rowPositions - rPos));
    else if (!issueNext && !v1) {
      if (outFire) {
        e = Math.min(e, t + 1 + qCount);
        if (rowReady()) e = Math.min(e, t + 2);
      }
    } else return t + 1;
    return e;
  }

  @Override public void advance(long from, long n, boolean inFire, boolean outFire) {
    if (inFire) {
      wBeat += n;
      stats.inBeats(from, n);
    }
    boolean ready = rowReady();
    if (ready && credits != 0) { // streaming: credits, queue and v1 stay as they are
      rPos += n;
      stats.busy += n;
    } else {
      if (outFire) {
        credits += (int) n;
        qCount -= (int) n;
      }
      if (ready) stats.blocked += n;
      else stats.starved += n;
    }
    if (outFire) stats.outBeats(from, n);
  }
}
