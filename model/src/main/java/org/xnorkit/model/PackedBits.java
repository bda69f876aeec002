package org.xnorkit.model;

import java.util.Arrays;
import java.util.Base64;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An immutable matrix of bits, {@code rows × cols}, each row packed LSB-first into
 * {@code wordsPerRow = ceil(cols / 64)} 64-bit words: element j of row r is bit {@code j % 64} of
 * word {@code r * wordsPerRow + j / 64}. Bit 1 encodes +1, bit 0 encodes −1.
 *
 * <p>Invariant: the ghost bits past {@code cols} in each row's last word are zero (checked at
 * construction), so two matrices with the same elements have the same words and the same hash.
 *
 * <p>On disk (JSON) the words are base64 of their little-endian bytes, rows concatenated.
 * The array given to the constructor is copied; {@link #words()} returns a copy.
 */
public final class PackedBits {
  private final int rows;
  private final int cols;
  private final int wordsPerRow;
  private final long[] words;

  public PackedBits(int rows, int cols, long[] words) {
    if (rows < 0 || cols < 0) throw new IllegalArgumentException("rows (" + rows + ") and cols (" + cols + ") must be >= 0");
    this.rows = rows;
    this.cols = cols;
    this.wordsPerRow = wordsFor(cols);
    long expected = (long) rows * wordsPerRow;
    if (words.length != expected) {
      throw new IllegalArgumentException("has " + words.length + " words, expected rows*ceil(cols/64) = "
          + rows + "*" + wordsPerRow + " = " + expected);
    }
    this.words = words.clone();
    int tail = cols & 63;
    if (tail != 0) {
      long ghost = -1L << tail;
      for (int r = 0; r < rows; r++) {
        if ((this.words[r * wordsPerRow + wordsPerRow - 1] & ghost) != 0) {
          throw new IllegalArgumentException("row " + r + " has bits set past column " + cols
              + " (the unused high bits of each row's last word must be 0)");
        }
      }
    }
  }

  /** Words needed for {@code bits} bits. */
  public static int wordsFor(int bits) { return (bits + 63) >>> 6; }

  /** Builds from a predicate over (row, col); handy for tests and importers. */
  public static PackedBits of(int rows, int cols, BitSource src) {
    int wpr = wordsFor(cols);
    long[] w = new long[rows * wpr];
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < cols; c++)
        if (src.bit(r, c)) w[r * wpr + (c >>> 6)] |= 1L << (c & 63);
    return new PackedBits(rows, cols, w);
  }

  @FunctionalInterface
  public interface BitSource { boolean bit(int row, int col); }

  public int rows() { return rows; }
  public int cols() { return cols; }
  public int wordsPerRow() { return wordsPerRow; }

  /** The bit at (row, col): true means +1. */
  public boolean bit(int row, int col) {
    assert row >= 0 && row < rows && col >= 0 && col < cols;
    return (words[row * wordsPerRow + (col >>> 6)] >>> (col & 63) & 1L) != 0;
  }

  /** The ±1 value at (row, col). */
  public int sign(int row, int col) { return bit(row, col) ? 1 : -1; }

  /** Word {@code w} of row {@code row}. */
  public long word(int row, int w) { return words[row * wordsPerRow + w]; }

  /** A copy of all words, rows concatenated. */
  public long[] words() { return words.clone(); }

  /** A copy of one row's words. */
  public long[] row(int row) { return Arrays.copyOfRange(words, row * wordsPerRow, (row + 1) * wordsPerRow); }

  public String toBase64() {
    ByteBuffer bb = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long w : words) bb.putLong(w);
    return Base64.getEncoder().encodeToString(bb.array());
  }

  /** Decodes base64 of little-endian words; throws IllegalArgumentException naming what is wrong. */
  public static PackedBits fromBase64(int rows, int cols, String b64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not valid base64: " + e.getMessage());
    }
    if (bytes.length % 8 != 0) throw new IllegalArgumentException("decodes to " + bytes.length + " bytes, not a whole number of 64-bit words");
    long[] w = new long[bytes.length / 8];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(w);
    return new PackedBits(rows, cols, w);
  }

  @Override public boolean equals(Object o) {
    return o instanceof PackedBits p && p.rows == rows && p.cols == cols && Arrays.equals(p.words, words);
  }
  @Override public int hashCode() { return 31 * (31 * rows + cols) + Arrays.hashCode(words); }
  @Override public String toString() { return "PackedBits[" + rows + "x" + cols + "]"; }
}
