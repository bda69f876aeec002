package org.xnorkit.simulator.unit;

/**
 * {@code chisel3.util.Queue(entries)} with {@code pipe = flow = false}, as every FIFO of a
 * generated design is built: {@code enq.ready = !full} and {@code deq.valid = !empty} are
 * functions of the pointers and {@code maybe_full} registers only, so a beat written at edge c is
 * visible on {@code deq} from cycle c + 1, and a full queue refuses a beat even in a cycle where
 * one leaves (that would be {@code pipe}). Only the occupancy matters for timing: the values the
 * beats carry are followed per vector by the units (see {@link VectorChannel}).
 *
 * <p>Besides the state, it records what the reports need: the largest occupancy, the largest
 * occupancy a beat asked for ({@link #maxDemand()}), and the cycles a producer was refused.
 */
public final class QueueModel extends Stage {
  private int depth;
  private int count;
  private int maxCount;
  private int maxDemand;
  private long refusedCycles;

  public QueueModel(String name, int depth) {
    super(name);
    if (depth < 1) throw new IllegalArgumentException(name + ": queue depth (" + depth + ") must be >= 1");
    this.depth = depth;
  }

  public int depth() { return depth; }
  public int count() { return count; }

  @Override public boolean inReady() { return count < depth; }
  @Override public boolean outValid() { return count > 0; }
  @Override public boolean active() { return false; }

  /** Notes a producer's valid this cycle (before {@link #step}): feeds {@link #maxDemand} and the refusals. */
  public void offered(boolean valid) {
    if (!valid) return;
    if (count + 1 > maxDemand) maxDemand = count + 1;
    if (count >= depth) refusedCycles++;
  }

  @Override public void step(long cycle, boolean inFire, boolean outFire) {
    if (inFire) {
      if (!outFire) {
        count++;
        if (count > maxCount) maxCount = count;
      }
    } else if (outFire) {
      count--;
    }
  }

  /**
   * A queue whose ports keep firing as in cycle t: the count moves by one per cycle (or not at
   * all); valid changes when it reaches 0, ready when it reaches the depth.
   */
  @Override public long nextEvent(long t, boolean inFire, boolean outFire) {
    if (inFire == outFire) return Long.MAX_VALUE;
    if (inFire) return count == 1 ? t + 1 : t + (depth - count) + 1; // count is after edge t: full at t + depth − count
    return count == depth - 1 ? t + 1 : t + count + 1;                 // empty (valid low) at cycle t + count + 1
  }

  /** {@link #advance} plus the producer's valid of those cycles (constant over them). */
  public void advance(long from, long n, boolean inFire, boolean outFire, boolean producerValid) {
    if (producerValid) {
      long countFirst = count, countLast = count + (inFire == outFire ? 0 : inFire ? n - 1 : -(n - 1));
      long demand = Math.max(countFirst, countLast) + 1;
      if (demand > maxDemand) maxDemand = (int) demand;
      if (count >= depth && inFire == outFire) refusedCycles += n;
    }
    advance(from, n, inFire, outFire);
  }

  @Override public void advance(long from, long n, boolean inFire, boolean outFire) {
    if (inFire == outFire) return;
    count += inFire ? n : -n;
    if (count > maxCount) maxCount = count;
  }

  /** Largest occupancy seen (entries after an edge). */
  public int maxCount() { return maxCount; }

  /**
   * The smallest depth that would have accepted every beat offered in this run without a
   * refusal: the largest occupancy plus one offered beat. With at least that depth this queue's
   * producer is never stalled by it (the run's other events unchanged).
   */
  public int maxDemand() { return maxDemand; }

  /** Cycles in which a producer offered a beat and the queue was full. */
  public long refusedCycles() { return refusedCycles; }
}
