package org.xnorkit.simulator.layer.maxpool;

import org.xnorkit.hwgen.rtl.SwuParams;
import org.xnorkit.simulator.unit.PlaneVector;
import org.xnorkit.simulator.unit.Stage;
import org.xnorkit.simulator.unit.SwuModel;
import org.xnorkit.simulator.unit.UnitStats;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * A max-pool layer as hwgen builds it ({@code rtl/Swu.scala} {@code MaxPool}, docs/timing.md
 * "Max-pool unit"): a sliding-window unit without padding and an OR stage. The OR stage counts the
 * k² beats of a window ({@code cnt}); it takes a window beat when it is not the window's last or
 * its 2-entry output queue has room ({@code swu.out.ready = !last || q.enq.ready}), and the fire of
 * the last beat enqueues the OR of the window (on {@code out} from the next cycle).
 *
 * <p>Values: the pooled tensor, per output pixel, channel and bit-plane the OR over the window —
 * what the RTL's OR computes (for thermometer planes, the max level).
 */
public final class MaxPoolCycleModel extends Stage {
  private final SwuModel swu;
  private final int windowBeats;
  private final UnitStats stats;
  private int cnt;
  private int qCount;

  private MaxPoolCycleModel(String name, SwuModel swu, int windowBeats, UnitStats stats) {
    super(name);
    this.swu = swu;
    this.windowBeats = windowBeats;
    this.stats = stats;
  }

  public static MaxPoolCycleModel of(SwuParams s, VectorChannel<long[]> in, VectorChannel<long[]> out) {
    if (s.padding() != 0) throw new IllegalArgumentException(s.name() + ": max-pool has no padding");
    SwuModel swu = new SwuModel(s.name() + "/window", s, in, out, pool(s));
    return new MaxPoolCycleModel(s.name(), swu, s.kernel() * s.kernel(),
        new UnitStats((long) s.pixels() * s.beatsPerPixel(), (long) s.outH() * s.outW()));
  }

  public UnitStats stats() { return stats; }
  public SwuModel window() { return swu; }
  public int queueCount() { return qCount; }

  @Override public boolean inReady() { return swu.inReady(); }
  @Override public boolean outValid() { return qCount > 0; }
  @Override public boolean active() { return swu.active() || swu.outValid(); }

  private boolean took; // the OR stage took a window beat in the last stepped cycle

  private boolean take() { return swu.outValid() && (cnt != windowBeats - 1 || qCount < 2); }

  @Override public void step(long cycle, boolean inFire, boolean outFire) {
    boolean last = cnt == windowBeats - 1;
    boolean take = swu.outValid() && (!last || qCount < 2);
    took = take;
    boolean enq = take && last;
    // The window unit's issue decides whether the layer works this cycle.
    long before = swu.stats().busy, blockedBefore = swu.stats().blocked;
    swu.step(cycle, inFire, take);
    if (swu.stats().busy > before) stats.busy++;
    else if (swu.stats().blocked > blockedBefore) stats.blocked++;
    else stats.starved++;
    if (inFire) stats.inBeat(cycle);
    if (outFire) stats.outBeat(cycle);
    if (take) cnt = last ? 0 : cnt + 1;
    if (enq != outFire) qCount += enq ? 1 : -1;
  }

  /** Besides the window unit's decisions: a window's last beat (an enqueue) and the queue running empty. */
  @Override public long nextEvent(long t, boolean inFire, boolean outFire) {
    if (take() != took) return t + 1;
    long e = swu.nextEvent(t, inFire, took);
    if (took) e = Math.min(e, t + 1 + (windowBeats - 1 - cnt));
    if (outFire) e = Math.min(e, t + 1 + qCount);
    return e;
  }

  @Override public void advance(long from, long n, boolean inFire, boolean outFire) {
    long busy = swu.stats().busy, blocked = swu.stats().blocked, starved = swu.stats().starved;
    swu.advance(from, n, inFire, took);
    stats.busy += swu.stats().busy - busy;
    stats.blocked += swu.stats().blocked - blocked;
    stats.starved += swu.stats().starved - starved;
    if (took) cnt += (int) n;
    if (outFire) {
      qCount -= (int) n;
      stats.outBeats(from, n);
    }
    if (inFire) stats.inBeats(from, n);
  }

  /** OR of each window, per element and plane: HWC planes in, pooled HWC planes out. */
  static java.util.function.UnaryOperator<long[]> pool(SwuParams s) {
    int h = s.height(), w = s.width(), c = s.channels(), k = s.kernel(), stride = s.stride(), oh = s.outH(), ow = s.outW();
    int planes = s.elemBits();
    long inPlaneBits = 64L * PlaneVector.words(h * w * c), outPlaneBits = 64L * PlaneVector.words(oh * ow * c);
    return x -> {
      long[] y = new long[(int) (planes * outPlaneBits / 64)];
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
          for (int pl = 0; pl < planes; pl++) {
            long to = outPlaneBits * pl + (long) (oy * ow + ox) * c;
            for (int ky = 0; ky < k; ky++)
              for (int kx = 0; kx < k; kx++)
                PlaneVector.orBits(x, inPlaneBits * pl + ((long) (oy * stride + ky) * w + ox * stride + kx) * c, y, to, c);
          }
      return y;
    };
  }
}
