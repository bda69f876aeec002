package org.xnorkit.simulator.unit;

import java.util.function.UnaryOperator;
import org.xnorkit.hwgen.rtl.SwuParams;

/**
 * Cycle model of hwgen's sliding-window unit ({@code rtl/Swu.scala}, docs/timing.md
 * "Sliding-window unit"):
 *
 * <ul>
 *   <li><b>Writer.</b> {@code in.ready = !full(wBank)}; the fire of an image's last beat
 *       (pixels·⌈C/b⌉ beats) sets {@code full(wBank)} and flips {@code wBank}.</li>
 *   <li><b>Reader.</b> {@code issue = full(rBank) && credits != 0}: one window position
 *       (oy, ox, ky, kx) per cycle; the issue of the image's last position clears
 *       {@code full(rBank)} and flips {@code rBank}.</li>
 *   <li>The registered read ({@code v1 = RegNext(issue)}) enters the 3-entry output queue at the
 *       next edge (valid on {@code out} two cycles after the issue); {@code credits} (3) are taken
 *       by an issue and returned by a fire on {@code out}.</li>
 * </ul>
 *
 * <p>Values: when an image's last beat is written, {@code transform} of the image the upstream
 * produced goes to the output channel (the identity for a conv, whose MVTU computes the windows'
 * sums; the pooled tensor for a max-pool).
 */
public final class SwuModel extends Stage {
  private final long beatsPerImage;
  private final long positions;
  private final int queueDepth;
  private final VectorChannel<long[]> in;
  private final VectorChannel<long[]> out;
  private final UnaryOperator<long[]> transform;

  private final boolean[] full = new boolean[2];
  private int wBank;
  private long wBeat;
  private int rBank;
  private long rPos;
  private int credits;
  private boolean v1;
  private int qCount;
  private final UnitStats stats;

  public SwuModel(String name, SwuParams p, VectorChannel<long[]> in, VectorChannel<long[]> out, UnaryOperator<long[]> transform) {
    super(name);
    this.beatsPerImage = (long) p.pixels() * p.beatsPerPixel();
    this.positions = (long) p.outH() * p.outW() * p.kernel() * p.kernel();
    this.queueDepth = p.queueDepth();
    this.credits = queueDepth;
    this.in = in;
    this.out = out;
    this.transform = transform;
    this.stats = new UnitStats(beatsPerImage, positions);
  }

  public UnitStats stats() { return stats; }
  public int queueCount() { return qCount; }
  public int queueDepth() { return queueDepth; }
  public int credits() { return credits; }
  public boolean bankFull(int b) { return full[b]; }

  @Override public boolean inReady() { return !full[wBank]; }
  @Override public boolean outValid() { return qCount > 0; }
  @Override public boolean active() { return v1 || (full[rBank] && credits != 0); }

  @Override public void step(long cycle, boolean inFire, boolean outFire) {
    final int wb = wBank, rb = rBank;
    boolean issue = full[rb] && credits != 0;
    boolean enqFire = v1 && qCount < queueDepth;
    if (issue) stats.busy++;
    else if (full[rb]) stats.blocked++;
    else stats.starved++;
    if (inFire) stats.inBeat(cycle);
    if (outFire) stats.outBeat(cycle);

    if (inFire && ++wBeat == beatsPerImage) {
      wBeat = 0;
      full[wb] = true;
      wBank = wb ^ 1;
      out.push(transform.apply(in.pop()));
    }
    if (issue) {
      credits--;
      if (++rPos == positions) {
        rPos = 0;
        full[rb] = false; // after the writer's update, as the RTL's last connect (never the same bank)
        rBank = rb ^ 1;
      }
    }
    if (v1 && !enqFire) stats.lostResults++;
    if (enqFire != outFire) qCount += enqFire ? 1 : -1;
    v1 = issue;
    if (outFire) credits++;
  }

  /**
   * Two steady states repeat: streaming (an issue, an enqueue and a beat out every cycle: credits
   * and queue constant) until the image's last position, and idle (no issue, nothing in the read
   * pipeline) while beats leave the queue until it runs empty or a returned credit lets a full bank
   * start. Plus the fire completing the image being written.
   */
  @Override public long nextEvent(long t, boolean inFire, boolean outFire) {
    long e = Long.MAX_VALUE;
    if (inFire) e = t + (beatsPerImage - wBeat);
    boolean issueNext = full[rBank] && credits != 0;
    if (issueNext && v1 && outFire && qCount < queueDepth) e = Math.min(e, t + (positions - rPos));
    else if (!issueNext && !v1) {
      if (outFire) {
        e = Math.min(e, t + 1 + qCount);
        if (full[rBank]) e = Math.min(e, t + 2);
      }
    } else return t + 1;
    return e;
  }

  @Override public void advance(long from, long n, boolean inFire, boolean outFire) {
    if (inFire) {
      wBeat += n;
      stats.inBeats(from, n);
    }
    if (full[rBank] && credits != 0) { // streaming: credits, queue and v1 stay as they are
      rPos += n;
      stats.busy += n;
    } else {
      if (outFire) {
        credits += (int) n;
        qCount -= (int) n;
      }
      if (full[rBank]) stats.blocked += n;
      else stats.starved += n;
    }
    if (outFire) stats.outBeats(from, n);
  }
}
