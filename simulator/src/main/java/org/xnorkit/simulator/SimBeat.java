package org.xnorkit.simulator;

import java.util.Arrays;

/**
 * A result beat that fired on m_axis: the cycle (docs/timing.md: valid && ready just before
 * rising edge {@code cycle}), tlast, and tkeep/tdata as little-endian bytes — what the Verilator
 * harness logs for the same beat. Arrays are copied in and out.
 */
public record SimBeat(long cycle, boolean last, byte[] keep, byte[] data) {
  public SimBeat {
    keep = keep.clone();
    data = data.clone();
  }

  @Override public byte[] keep() { return keep.clone(); }
  @Override public byte[] data() { return data.clone(); }

  @Override public boolean equals(Object o) {
    return o instanceof SimBeat b && b.cycle == cycle && b.last == last && Arrays.equals(b.keep, keep) && Arrays.equals(b.data, data);
  }
  @Override public int hashCode() { return Long.hashCode(cycle) * 31 + Arrays.hashCode(data) + (last ? 1 : 0); }
  @Override public String toString() { return "SimBeat[cycle=" + cycle + ", last=" + last + ", data=" + java.util.HexFormat.of().formatHex(data) + "]"; }
}
