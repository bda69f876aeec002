package org.xnorkit.simulator.layer.output;

import org.xnorkit.hwgen.rtl.OutputParams;

/**
 * The output unit's datapath, as {@code rtl/OutputUnit.scala} computes it from the raw class
 * accumulators (docs/timing.md "Output record"): per class c in order, score = the accumulator
 * ({@code accBits} two's complement) times scale plus offset, truncated to {@code scoreBits}; the
 * class bit by the clamped threshold and direction; a running argmax that only a strictly greater
 * score replaces, and the highest set bit (0 when none). The record — predicted class (uint32),
 * class-bit words, scores sign-extended to {@code scoreBytes} — is cut into bus beats, the last one
 * zero-padded with TKEEP low on the padding.
 */
public final class OutputRecord {
  private final int classes;
  private final int accBits;
  private final long[] scale;
  private final long[] offset;
  private final boolean identity;
  private final int scoreBits;
  private final int scoreBytes;
  private final boolean hasThresholds;
  private final long[] thresholds;
  private final boolean[] directions;
  private final boolean highestSetBit;
  private final int busBytes;
  private final int recordBytes;
  private final int classWords;
  private final int beats;
  private final byte[][] keep;

  public OutputRecord(OutputParams p) {
    this.classes = p.classes();
    this.accBits = p.in().elemBits();
    this.scale = p.scale().clone();
    this.offset = p.offset().clone();
    this.identity = p.identity();
    this.scoreBits = p.scoreBits();
    this.scoreBytes = p.scoreBytes();
    this.hasThresholds = p.hasThresholds();
    this.thresholds = p.thresholds().clone();
    this.directions = p.directions().clone();
    this.highestSetBit = p.highestSetBit();
    this.busBytes = p.busBytes();
    this.recordBytes = p.recordBytes();
    this.classWords = p.classWords();
    this.beats = p.beats();
    int keepBytes = (busBytes + 7) / 8;
    this.keep = new byte[beats][keepBytes];
    for (int b = 0; b < beats; b++) {
      int n = Math.min(busBytes, recordBytes - b * busBytes);
      for (int i = 0; i < n; i++) keep[b][i >>> 3] |= (byte) (1 << (i & 7));
    }
  }

  public int classes() { return classes; }
  public int beats() { return beats; }
  public int busBytes() { return busBytes; }

  /** TKEEP of beat b (⌈busBytes/8⌉ bytes, little-endian). The array is shared: do not modify. */
  byte[] keep(int b) { return keep[b]; }

  /** The record's beats (busBytes each) for the raw class accumulators {@code acc}. */
  public byte[][] beats(long[] acc) {
    long[] scores = new long[classes];
    boolean[] bits = new boolean[classes];
    long best = 0;
    int bestIdx = 0, hsb = 0;
    for (int idx = 0; idx < classes; idx++) {
      long a = signExtend(acc[idx], accBits);
      long s = identity ? a : signExtend(a * scale[idx] + offset[idx], scoreBits);
      boolean bit = hasThresholds && (directions[idx] ? s >= thresholds[idx] : s <= thresholds[idx]);
      scores[idx] = s;
      bits[idx] = bit;
      if (idx == 0 || s > best) { best = s; bestIdx = idx; }
      if (idx == 0) hsb = 0;
      if (bit) hsb = idx;
    }
    byte[] rec = new byte[beats * busBytes];
    putLe(rec, 0, highestSetBit ? hsb : bestIdx, 4);
    int at = 4;
    for (int w = 0; w < classWords; w++, at += 4)
      for (int c = w * 32; c < Math.min(classes, (w + 1) * 32); c++)
        if (bits[c]) rec[at + (c - w * 32) / 8] |= (byte) (1 << (c % 8));
    for (int c = 0; c < classes; c++, at += scoreBytes) putLe(rec, at, scores[c], scoreBytes);
    byte[][] out = new byte[beats][];
    for (int b = 0; b < beats; b++) out[b] = java.util.Arrays.copyOfRange(rec, b * busBytes, (b + 1) * busBytes);
    return out;
  }

  /** The low {@code bits} bits of v as a two's-complement number (Chisel's asTypeOf(SInt(bits))). */
  static long signExtend(long v, int bits) {
    return bits >= 64 ? v : v << (64 - bits) >> (64 - bits);
  }

  private static void putLe(byte[] b, int at, long v, int n) {
    for (int i = 0; i < n; i++) b[at + i] = (byte) (v >>> (8 * i));
  }
}
