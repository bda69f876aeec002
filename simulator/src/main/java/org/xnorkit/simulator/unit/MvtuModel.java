package org.xnorkit.simulator.unit;

/**
 * Cycle model of hwgen's matrix-vector-threshold unit ({@code rtl/Mvtu.scala}, docs/timing.md
 * "MVTU"), register for register where timing is concerned:
 *
 * <ul>
 *   <li><b>Writer.</b> {@code in.ready = !full(wBank)}. Each fire advances the beat counter; the fire
 *       of a vector's last beat sets {@code full(wBank)} and flips {@code wBank} at that edge.</li>
 *   <li><b>Reader.</b> {@code issue = full(rBank) && (sf != 0 || credits != 0)}: a pass (the sf loop
 *       of one neuron fold) needs a credit to start and then issues one chunk per cycle for SF
 *       cycles, unconditionally (nothing can clear {@code full(rBank)} meanwhile). So a pass is
 *       modelled by the cycle of its last chunk instead of an sf counter. The last chunk of the last
 *       fold clears {@code full(rBank)} and flips {@code rBank}.</li>
 *   <li><b>Pipeline.</b> A chunk issued at cycle t is registered (weights' SyncReadMem, chunk,
 *       {@code v1}) at edge t, crosses the T-register adder tree ({@code vA} at cycle t + 1 + T),
 *       and the last chunk of a pass sets {@code resValid} at edge t + 1 + T, so the result is
 *       enqueued at edge t + T + 2 and valid on {@code out} from cycle t + T + 3. With G systolic
 *       PE groups the chunk reaches the last group G − 1 cycles later and the de-skew registers
 *       hold the earlier groups' lanes until then: everything moves by G − 1. The model takes the
 *       whole {@code latency} (T + 3 + G − 1, {@code MvtuParams.latency}) and enqueues at edge
 *       t + latency − 1. In-flight results are kept as their enqueue cycles. {@code q.enq.valid} does not look at {@code q.enq.ready}:
 *       a result that finds the queue full is lost, as in the RTL (counted, never expected: the
 *       credits prevent it).</li>
 *   <li><b>Output queue.</b> A {@code Queue(queueDepth)}; {@code credits := credits − passStart + out.fire}.</li>
 * </ul>
 *
 * <p>Values: a channel carries whole images (see {@link VectorChannel}). At the start of the first
 * pass of an image's first vector the datapath computes the unit's whole output for that image
 * (all vectors: one for dense, OH·OW windows for conv) and hands it to the output channel.
 *
 * @param <I> input vector representation
 * @param <O> output vector representation
 */
public final class MvtuModel<I, O> extends Stage {
  private final int nf;
  private final int sf;
  private final int beatsPerVector;
  private final int latency;
  private final int queueDepth;
  private final int vectorsPerImage;
  private final MvtuDatapath<I, O> datapath;
  private final VectorChannel<I> in;
  private final VectorChannel<O> out;

  // writer
  private final boolean[] full = new boolean[2];
  private int wBank;
  private int wBeat;
  // reader
  private int rBank;
  private int nfCount;
  private int rVector;      // vector of the current image the reader is on
  private boolean inPass;
  private long passLast;
  private int credits;
  // pipeline: enqueue edges of the passes in flight, oldest first
  private final long[] pending;
  private int pendingHead;
  private int pendingCount;
  // output queue
  private int qCount;

  private final UnitStats stats;

  /**
   * @param latency cycles from the issue of a pass's last chunk to its beat valid on {@code out}
   *                ({@code MvtuParams.latency}: weight read, adder tree, result, queue, PE groups − 1)
   */
  public MvtuModel(String name, int nf, int sf, int beatsPerVector, int latency, int queueDepth, int vectorsPerImage,
                   MvtuDatapath<I, O> datapath, VectorChannel<I> in, VectorChannel<O> out) {
    super(name);
    if (nf < 1 || sf < 1 || beatsPerVector < 1 || queueDepth < 1 || vectorsPerImage < 1 || latency < 4)
      throw new IllegalArgumentException(name + ": nf " + nf + ", sf " + sf + ", beats per vector " + beatsPerVector
          + ", queue depth " + queueDepth + ", vectors " + vectorsPerImage + " must all be >= 1 and the latency (" + latency
          + ") >= 4");
    this.nf = nf;
    this.sf = sf;
    this.beatsPerVector = beatsPerVector;
    this.latency = latency;
    this.queueDepth = queueDepth;
    this.vectorsPerImage = vectorsPerImage;
    this.datapath = datapath;
    this.in = in;
    this.out = out;
    this.credits = queueDepth;
    this.pending = new long[queueDepth + 1];
    this.stats = new UnitStats((long) beatsPerVector * vectorsPerImage, (long) nf * vectorsPerImage);
  }

  public int nf() { return nf; }
  public int sf() { return sf; }
  public int queueDepth() { return queueDepth; }
  /** Cycles from the issue of a pass's last chunk to its beat being valid on {@code out}. */
  public int latency() { return latency; }
  public UnitStats stats() { return stats; }
  public int queueCount() { return qCount; }
  public int credits() { return credits; }
  public boolean bankFull(int b) { return full[b]; }

  @Override public boolean inReady() { return !full[wBank]; }
  @Override public boolean outValid() { return qCount > 0; }
  @Override public boolean active() { return inPass || pendingCount > 0 || (full[rBank] && credits != 0); }

  @Override public void step(long cycle, boolean inFire, boolean outFire) {
    // What the registers decide for this cycle, before the edge.
    final int wb = wBank, rb = rBank;
    boolean issue, passStart = false;
    if (inPass) issue = true;
    else if (full[rb] && credits != 0) issue = passStart = true;
    else issue = false;
    boolean enqValid = pendingCount > 0 && pending[pendingHead] == cycle;
    boolean enqFire = enqValid && qCount < queueDepth;

    if (issue) stats.busy++;
    else if (full[rb]) stats.blocked++;
    else stats.starved++;
    if (inFire) stats.inBeat(cycle);
    if (outFire) stats.outBeat(cycle);

    // Edge: writer.
    if (inFire && ++wBeat == beatsPerVector) {
      wBeat = 0;
      full[wb] = true;
      wBank = wb ^ 1;
    }
    // Reader.
    if (passStart) {
      inPass = true;
      passLast = cycle + sf - 1;
      credits--;
      if (nfCount == 0 && rVector == 0) out.push(datapath.compute(in.pop()));
    }
    if (issue && cycle == passLast) {
      inPass = false;
      pending[(pendingHead + pendingCount++) % pending.length] = cycle + latency - 1;
      if (nfCount == nf - 1) {
        nfCount = 0;
        full[rb] = false; // after the writer's update: the RTL's last connect wins (never the same bank)
        rBank = rb ^ 1;
        if (++rVector == vectorsPerImage) rVector = 0;
      } else {
        nfCount++;
      }
    }
    // Result register → output queue.
    if (enqValid) {
      pendingHead = (pendingHead + 1) % pending.length;
      pendingCount--;
      if (!enqFire) stats.lostResults++;
    }
    if (enqFire != outFire) qCount += enqFire ? 1 : -1;
    if (outFire) credits++;
  }

  /**
   * Repeating cycle t's fires, the next decision is the earliest of: the fire completing the
   * vector being written, the last chunk of the pass in progress (or the start of the next pass
   * when one may start), the next result entering the output queue, and the queue running empty.
   */
  @Override public long nextEvent(long t, boolean inFire, boolean outFire) {
    long e = Long.MAX_VALUE;
    if (inFire) e = t + (beatsPerVector - wBeat);
    if (inPass) e = Math.min(e, passLast);
    else if (full[rBank]) {
      if (credits != 0) return t + 1;
      if (outFire) e = Math.min(e, t + 2); // the credit returned at edge t+1 starts a pass at t+2
    }
    if (pendingCount > 0) e = Math.min(e, pending[pendingHead]);
    if (outFire) e = Math.min(e, t + 1 + qCount);
    return e;
  }

  @Override public void advance(long from, long n, boolean inFire, boolean outFire) {
    if (inFire) {
      wBeat += (int) n;
      stats.inBeats(from, n);
    }
    if (outFire) {
      qCount -= (int) n;
      credits += (int) n;
      stats.outBeats(from, n);
    }
    if (inPass) stats.busy += n;
    else if (full[rBank]) stats.blocked += n;
    else stats.starved += n;
  }
}
