package org.xnorkit.simulator.unit;

import org.xnorkit.hwgen.rtl.SerializerParams;

/**
 * Cycle model of hwgen's pixel serializer ({@code rtl/Swu.scala} {@code Serializer}, docs/timing.md
 * "Pixel serializer"): holds one input beat of P pixels and offers them one per cycle
 * ({@code out.valid = busy}); the image's last beat holds the remaining pixels. Its
 * {@code in.ready = !busy || (out fires the held beat's last pixel)} is the one combinational
 * path from a ready to a ready in the design: {@link #inReady(boolean)} takes the downstream ready.
 *
 * <p>Values pass through: the image goes on to the output channel when its first beat is taken.
 */
public final class SerializerModel extends Stage {
  private final int pixelsPerBeat;
  private final int lastBeatPixels;
  private final int beatsPerImage;
  private final VectorChannel<long[]> in;
  private final VectorChannel<long[]> out;
  private final UnitStats stats;

  private boolean busy;
  private int idx;
  private int beat;
  private int inBeat;

  public SerializerModel(String name, SerializerParams p, VectorChannel<long[]> in, VectorChannel<long[]> out) {
    super(name);
    this.pixelsPerBeat = p.pixelsPerBeat();
    this.lastBeatPixels = p.lastBeatPixels();
    this.beatsPerImage = p.beatsPerImage();
    this.in = in;
    this.out = out;
    this.stats = new UnitStats(beatsPerImage, p.pixels());
  }

  public UnitStats stats() { return stats; }
  public boolean holding() { return busy; }

  private boolean lastIdx() { return idx == (beat == beatsPerImage - 1 ? lastBeatPixels - 1 : pixelsPerBeat - 1); }

  @Override public boolean inReady() { return !busy; }
  @Override public boolean inReady(boolean outReady) { return !busy || (outReady && lastIdx()); }
  @Override public boolean outValid() { return busy; }
  @Override public boolean active() { return false; }

  @Override public void step(long cycle, boolean inFire, boolean outFire) {
    if (outFire) stats.busy++;
    else if (busy) stats.blocked++;
    else stats.starved++;
    if (inFire) stats.inBeat(cycle);
    if (outFire) stats.outBeat(cycle);
    boolean leaving = outFire && lastIdx();
    if (outFire) {
      if (leaving) {
        idx = 0;
        beat = beat == beatsPerImage - 1 ? 0 : beat + 1;
      } else {
        idx++;
      }
    }
    if (leaving) busy = false;
    if (inFire) {
      busy = true; // the RTL's last connect: a beat taken in the cycle the previous one leaves
      if (inBeat == 0) out.push(in.pop());
      if (++inBeat == beatsPerImage) inBeat = 0;
    }
  }

  /** The next decision: the held beat's last pixel leaving (or a beat arriving while empty). */
  @Override public long nextEvent(long t, boolean inFire, boolean outFire) {
    if (!busy) return inFire ? t + 1 : Long.MAX_VALUE;
    if (!outFire) return Long.MAX_VALUE;
    int lastIdx = beat == beatsPerImage - 1 ? lastBeatPixels - 1 : pixelsPerBeat - 1;
    return t + 1 + (lastIdx - idx);
  }

  @Override public void advance(long from, long n, boolean inFire, boolean outFire) {
    if (busy && outFire) {
      idx += (int) n;
      stats.busy += n;
      stats.outBeats(from, n);
    } else if (busy) stats.blocked += n;
    else stats.starved += n;
  }
}
