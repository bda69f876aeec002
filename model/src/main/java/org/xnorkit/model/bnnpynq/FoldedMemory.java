package org.xnorkit.model.bnnpynq;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.xnorkit.model.PackedBits;

/**
 * BNN-PYNQ's storage order of one layer's weights and thresholds across its PE memories — the one
 * place that knows it. With {@code SF = MW / SIMD} and {@code NF = MH / PE}:
 * <ul>
 *   <li>matrix row n lives in PE {@code n % PE} at neuron fold {@code nf = n / PE};</li>
 *   <li>word {@code nf·SF + sf} of that PE holds synapses {@code sf·SIMD .. sf·SIMD + SIMD − 1},
 *       synapse {@code sf·SIMD + k} in bit k (LSB = 0); bits at and above SIMD are 0;</li>
 *   <li>threshold entry nf of PE p belongs to row {@code nf·PE + p};</li>
 *   <li>files are little-endian 64-bit words ({@code <L>-<P>-weights.bin}, {@code <L>-<P>-thres.bin}).</li>
 * </ul>
 */
public final class FoldedMemory {
  private FoldedMemory() {}

  /** A word's bits above SIMD, or 0 when they are clear. */
  public static long bitsAboveSimd(long word, int simd) {
    return simd >= 64 ? 0 : word & (-1L << simd);
  }

  /**
   * The full {@code mh × mw} matrix from the PE memories {@code pes[p][word]}. The caller has
   * checked the word counts and the bits above SIMD.
   */
  public static PackedBits unpackWeights(long[][] pes, int mh, int mw, int simd, int pe) {
    int sf = mw / simd;
    return PackedBits.of(mh, mw, (row, col) -> {
      long word = pes[row % pe][(row / pe) * sf + col / simd];
      return (word >>> (col % simd) & 1L) != 0;
    });
  }

  /** The PE memories of the full {@code mh × mw} matrix {@code m}: the inverse of {@link #unpackWeights}. */
  public static long[][] packWeights(PackedBits m, int simd, int pe) {
    int mh = m.rows(), mw = m.cols(), sf = mw / simd, nf = mh / pe;
    long[][] pes = new long[pe][nf * sf];
    for (int row = 0; row < mh; row++)
      for (int col = 0; col < mw; col++)
        if (m.bit(row, col)) pes[row % pe][(row / pe) * sf + col / simd] |= 1L << (col % simd);
    return pes;
  }

  /** Per-row thresholds from the PE threshold memories {@code pes[p][nf]}. */
  public static long[] unpackThresholds(long[][] pes, int mh, int pe) {
    long[] t = new long[mh];
    for (int row = 0; row < mh; row++) t[row] = pes[row % pe][row / pe];
    return t;
  }

  /** The PE threshold memories of per-row thresholds: the inverse of {@link #unpackThresholds}. */
  public static long[][] packThresholds(long[] rows, int pe) {
    int nf = rows.length / pe;
    long[][] pes = new long[pe][nf];
    for (int row = 0; row < rows.length; row++) pes[row % pe][row / pe] = rows[row];
    return pes;
  }

  /** Little-endian 64-bit words of a {@code .bin} file; the length must be a multiple of 8 (checked by the caller). */
  public static long[] readWords(byte[] bytes) {
    long[] w = new long[bytes.length / 8];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(w);
    return w;
  }

  /** The bytes of a {@code .bin} file holding {@code words}. */
  public static byte[] toBytes(long[] words) {
    ByteBuffer bb = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long w : words) bb.putLong(w);
    return bb.array();
  }

  public static String weightsFile(int layer, int pe) { return layer + "-" + pe + "-weights.bin"; }
  public static String thresholdsFile(int layer, int pe) { return layer + "-" + pe + "-thres.bin"; }
}
