package org.xnorkit.model;

import java.util.Arrays;

/**
 * What the accelerator reads: an H×W×C image of 8-bit pixels (HWC order, channel fastest) and a
 * 256-entry table mapping each pixel value to its input code. For {@link Encoding#BITS} a code is a
 * bit (1 ↔ +1); for {@link Encoding#INT8} it is a signed 8-bit code for an integer first layer.
 * One table covers every per-pixel preprocessing rule exactly (binarize at 128, scale to [−1, 1]
 * and round to fixed point, ...). The table array is copied in and out.
 */
public record InputSpec(int height, int width, int channels, Encoding encoding, int[] table) {
  public enum Encoding { BITS, INT8 }

  public InputSpec {
    if (height < 1 || width < 1 || channels < 1)
      throw new ModelException("/input", null, "shape " + height + "x" + width + "x" + channels + " must be positive");
    if ((long) height * width * channels > Integer.MAX_VALUE)
      throw new ModelException("/input", null, "shape " + height + "x" + width + "x" + channels + " has " + (long) height * width * channels
          + " elements, more than " + Integer.MAX_VALUE);
    if (encoding == null) throw new ModelException("/input/encoding", null, "is missing (expected \"bits\" or \"int8\")");
    if (table == null || table.length != 256)
      throw new ModelException("/input/table", null, "must have 256 entries, one per pixel value, found " + (table == null ? "none" : table.length));
    table = table.clone();
    int lo = encoding == Encoding.BITS ? 0 : -128, hi = encoding == Encoding.BITS ? 1 : 127;
    for (int p = 0; p < 256; p++)
      if (table[p] < lo || table[p] > hi)
        throw new ModelException("/input/table/" + p, null, "code " + table[p] + " for pixel value " + p + " is outside [" + lo + ", " + hi + "] for encoding " + encoding.name().toLowerCase());
  }

  @Override public int[] table() { return table.clone(); }

  /** The code for pixel value {@code pixel} (0..255). */
  public int code(int pixel) { return table[pixel & 0xff]; }

  /** The tensor this input feeds to the first layer. */
  public TensorType tensorType() {
    return encoding == Encoding.BITS ? TensorType.levels(height, width, channels, 1) : TensorType.int8(height, width, channels);
  }

  /** Binarize: bit 1 iff pixel >= threshold. */
  public static InputSpec binarized(int h, int w, int c, int threshold) {
    int[] t = new int[256];
    for (int p = 0; p < 256; p++) t[p] = p >= threshold ? 1 : 0;
    return new InputSpec(h, w, c, Encoding.BITS, t);
  }

  @Override public boolean equals(Object o) {
    return o instanceof InputSpec s && s.height == height && s.width == width && s.channels == channels
        && s.encoding == encoding && Arrays.equals(s.table, table);
  }
  @Override public int hashCode() { return Arrays.hashCode(table) * 31 + encoding.hashCode() + 7 * height + 11 * width + 13 * channels; }
  @Override public String toString() { return "InputSpec[" + height + "x" + width + "x" + channels + " " + encoding + "]"; }
}
