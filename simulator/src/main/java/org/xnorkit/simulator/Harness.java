package org.xnorkit.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * The test harness of docs/timing.md as the simulator runs it: the s_axis side (a beat presented
 * when the gap stream allows and held until it fires), the m_axis side (tready from the
 * back-pressure stream), both stall streams drawn once per cycle, and the logs. The engine calls
 * {@link #drawAt} for the cycles whose draws matter; the draws of the cycles it skips are skipped
 * in O(1), so the streams stay in step with the harness.
 */
final class Harness {
  private final List<byte[]> images;
  final int images() { return images.size(); }
  private final long inBeatsPerImage;
  private final int outBeatsPerImage;
  private final Function<byte[], long[]> vector;
  private final VectorChannel<long[]> channel;
  private final StallStream gap;
  private final StallStream bp;
  private final Consumer<String> progress;
  final boolean gapsPossible;
  final boolean backpressurePossible;

  private long drawn;        // cycles whose draws are done
  boolean gapStall;          // this cycle's draws
  boolean bpStall;

  int nextImage;             // the image of the next beat to present
  long nextBeat;             // its index in that image
  boolean holding;           // a beat is on s_axis (tvalid 1) until it fires
  boolean holdingLast;       // the held beat ends its image

  long beatsIn, beatsOut, imagesIn;
  long firstInputFire = -1;
  long busy, starved, blocked; // the input unit's row: a beat fired / none offered / offered and refused
  private long[] inCycles;
  final List<SimBeat> outBeats = new ArrayList<>();
  final long[] lastOfImage;
  private final int progressStep;
  private int nextProgress;

  Harness(List<byte[]> images, long inBeatsPerImage, int outBeatsPerImage, Function<byte[], long[]> vector,
          VectorChannel<long[]> channel, SimOptions o, Consumer<String> progress) {
    this.images = images;
    this.inBeatsPerImage = inBeatsPerImage;
    this.outBeatsPerImage = outBeatsPerImage;
    this.vector = vector;
    this.channel = channel;
    this.gap = StallStream.inputGaps(o.seed(), o.gap());
    this.bp = StallStream.outputBackpressure(o.seed(), o.backpressure());
    this.gapsPossible = o.gap() != 0;
    this.backpressurePossible = o.backpressure() != 0;
    this.progress = progress;
    int n = images.size();
    this.inCycles = o.recordInputBeats() ? new long[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, n * inBeatsPerImage))] : null;
    this.lastOfImage = new long[Math.max(1, n)];
    this.progressStep = Math.max(1, n / 10);
    this.nextProgress = progressStep;
  }

  /** Every image sent and every result beat out: the run ends at this cycle (before its draws). */
  boolean done() { return !holding && nextImage == images.size() && beatsOut >= (long) images.size() * outBeatsPerImage; }

  /** Beats left to present. */
  boolean beatsLeft() { return nextImage < images.size(); }

  /** The draws of cycle t (the cycles in between are skipped: their draws did not matter). */
  void drawAt(long t) {
    if (t > drawn) {
      gap.skip(t - drawn);
      bp.skip(t - drawn);
    }
    gapStall = gap.stall();
    bpStall = bp.stall();
    drawn = t + 1;
  }

  /**
   * A cycle whose draws cannot matter (no beat waiting on a gap draw, no result on a tready draw):
   * the engine skips them with the cycles around it ({@link #drawAt} catches up).
   */
  void noStall() {
    gapStall = false;
    bpStall = false;
  }

  /** Cycle t's s_axis decision (after {@link #drawAt}): present the next beat unless a gap; true when the gap draw mattered. */
  boolean present() {
    if (holding || !beatsLeft()) return false;
    if (gapStall) return true;
    if (nextBeat == 0) channel.push(vector.apply(images.get(nextImage)));
    holding = true;
    holdingLast = ++nextBeat == inBeatsPerImage;
    if (holdingLast) {
      nextBeat = 0;
      nextImage++;
    }
    return false;
  }

  /** The held beat fired at cycle t. */
  void inputFired(long t) {
    if (beatsIn == 0) firstInputFire = t;
    record(t);
    if (holdingLast) imagesIn++;
    holding = false;
  }

  private void record(long t) {
    if (inCycles != null) {
      if (beatsIn == inCycles.length) inCycles = Arrays.copyOf(inCycles, inCycles.length * 2);
      inCycles[(int) beatsIn] = t;
    }
    beatsIn++;
  }

  /**
   * Presenting beat after beat inside an image, each firing the cycle it is presented, with no
   * gaps: cycles {@code from .. from+n−1} present and fire the next n beats, none of them the last
   * of its image (the caller stops before that one).
   */
  void stream(long from, long n) {
    for (long c = from; c < from + n; c++) record(c);
    nextBeat += n;
    busy += n;
  }

  /** Beats of the current image that can still stream before its last one. */
  long streamableBeats() { return inBeatsPerImage - 1 - nextBeat; }

  void outputFired(SimBeat beat) {
    outBeats.add(beat);
    beatsOut++;
    if (beat.last()) {
      int img = (int) (beatsOut / outBeatsPerImage) - 1;
      lastOfImage[img] = beat.cycle();
      if (progress != null && img + 1 >= nextProgress && images.size() >= 20) {
        progress.accept("sim: " + (img + 1) + "/" + images.size() + " images, cycle " + beat.cycle());
        nextProgress += progressStep;
      }
    }
  }

  int imagesOut() { return (int) (beatsOut / outBeatsPerImage); }

  long[] inputCycles() { return inCycles == null ? null : Arrays.copyOf(inCycles, (int) beatsIn); }
}
