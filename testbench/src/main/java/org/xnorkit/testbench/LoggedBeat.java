package org.xnorkit.testbench;

import java.util.Arrays;

/**
 * A beat the harness saw fire on one stream: the cycle of the edge where valid && ready held
 * (docs/timing.md), tlast, and tkeep/tdata as little-endian bytes (empty where the stream logs
 * cycles only). Arrays are copied in and out.
 */
public record LoggedBeat(long cycle, boolean last, byte[] keep, byte[] data) {
  public LoggedBeat {
    keep = keep.clone();
    data = data.clone();
  }

  @Override public byte[] keep() { return keep.clone(); }
  @Override public byte[] data() { return data.clone(); }

  /** The data as an {@link AxisBeat} (without the cycle). */
  public AxisBeat beat() { return new AxisBeat(data, keep, last); }

  @Override public boolean equals(Object o) {
    return o instanceof LoggedBeat b && b.cycle == cycle && b.last == last && Arrays.equals(b.keep, keep) && Arrays.equals(b.data, data);
  }
  @Override public int hashCode() { return Long.hashCode(cycle) * 31 + Arrays.hashCode(data) + (last ? 1 : 0); }
  @Override public String toString() { return "LoggedBeat[cycle=" + cycle + ", last=" + last + ", keep=" + Hex.of(keep) + ", data=" + Hex.of(data) + "]"; }
}
