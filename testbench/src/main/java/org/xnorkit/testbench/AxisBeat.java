package org.xnorkit.testbench;

import java.util.Arrays;

/**
 * One AXI4-Stream beat: tdata and tkeep as little-endian bytes (bit i of the signal is bit i % 8
 * of byte i / 8) and tlast. Arrays are copied in and out.
 */
public record AxisBeat(byte[] data, byte[] keep, boolean last) {
  public AxisBeat {
    data = data.clone();
    keep = keep.clone();
  }

  @Override public byte[] data() { return data.clone(); }
  @Override public byte[] keep() { return keep.clone(); }

  /** A beat whose tkeep marks all {@code data.length} bytes valid. */
  public static AxisBeat full(byte[] data, boolean last) { return new AxisBeat(data, allKeep(data.length), last); }

  /** tkeep with the low {@code bytes} bits set, as ceil(bytes / 8) bytes. */
  public static byte[] allKeep(int bytes) {
    byte[] k = new byte[(bytes + 7) / 8];
    for (int i = 0; i < bytes; i++) k[i >>> 3] |= (byte) (1 << (i & 7));
    return k;
  }

  @Override public boolean equals(Object o) {
    return o instanceof AxisBeat b && b.last == last && Arrays.equals(b.data, data) && Arrays.equals(b.keep, keep);
  }
  @Override public int hashCode() { return Arrays.hashCode(data) * 31 + Arrays.hashCode(keep) + (last ? 1 : 0); }
  @Override public String toString() { return "AxisBeat[data=" + Hex.of(data) + ", keep=" + Hex.of(keep) + ", last=" + last + "]"; }
}
