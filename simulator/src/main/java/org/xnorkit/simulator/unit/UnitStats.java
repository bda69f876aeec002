package org.xnorkit.simulator.unit;

import java.util.Arrays;

/**
 * What one unit did during a run: per cycle exactly one of busy (its loop advanced), starved
 * (nothing to work on: no complete input) and blocked (work waiting for room downstream); and per
 * image the cycle of its first input beat and of its last output beat.
 */
public final class UnitStats {
  public long busy;
  public long starved;
  public long blocked;
  /** Results that found the output queue full and were lost (an RTL hazard; never expected). */
  public long lostResults;

  private final long inBeatsPerImage;
  private final long outBeatsPerImage;
  private long inBeats;
  private long outBeats;
  private long inLeft;      // input beats left in the current image (0: the next beat starts one)
  private long outLeft;     // output beats of the current image so far
  private long[] firstIn = new long[16];
  private long[] lastOut = new long[16];

  public UnitStats(long inBeatsPerImage, long outBeatsPerImage) {
    this.inBeatsPerImage = inBeatsPerImage;
    this.outBeatsPerImage = outBeatsPerImage;
  }

  /** An input beat fired at {@code cycle}. */
  public void inBeat(long cycle) {
    if (inLeft == 0) {
      int image = (int) (inBeats / inBeatsPerImage);
      if (image >= firstIn.length) firstIn = Arrays.copyOf(firstIn, firstIn.length * 2);
      firstIn[image] = cycle;
      inLeft = inBeatsPerImage;
    }
    inLeft--;
    inBeats++;
  }

  /** An output beat fired at {@code cycle}. */
  public void outBeat(long cycle) {
    outBeats++;
    if (++outLeft == outBeatsPerImage) {
      outLeft = 0;
      int image = (int) (outBeats / outBeatsPerImage) - 1;
      if (image >= lastOut.length) lastOut = Arrays.copyOf(lastOut, lastOut.length * 2);
      lastOut[image] = cycle;
    }
  }

  /** Input beats fired at each of the {@code n} cycles from {@code from} (a skipped stretch). */
  public void inBeats(long from, long n) {
    while (n > 0) {
      if (inLeft == 0) { inBeat(from); from++; n--; continue; }
      long take = Math.min(n, inLeft);
      inLeft -= take;
      inBeats += take;
      from += take;
      n -= take;
    }
  }

  /** Output beats fired at each of the {@code n} cycles from {@code from} (a skipped stretch). */
  public void outBeats(long from, long n) {
    while (n > 0) {
      long take = Math.min(n, outBeatsPerImage - outLeft - 1); // beats that do not end an image
      if (take == 0) { outBeat(from); from++; n--; continue; }
      outLeft += take;
      outBeats += take;
      from += take;
      n -= take;
    }
  }

  /** Images whose every output beat left the unit. */
  public int imagesOut() { return (int) (outBeats / outBeatsPerImage); }

  /** Cycle of the first input beat of image i. */
  public long firstIn(int image) { return firstIn[image]; }

  /** Cycle of the last output beat of image i. */
  public long lastOut(int image) { return lastOut[image]; }
}
