package org.xnorkit.model.bnnpynq;

import java.util.List;

/**
 * What a BNN-PYNQ network's {@code config.h} and {@code top.cpp} say: its hardware layers (numbered
 * as in {@code L<i>_...} and in the parameter file names), the order of the dataflow stages in
 * {@code DoCompute}, and the input the first layer reads. Produced by {@link BnnPynqSourceParser};
 * everything here is the board's view (padded matrix sizes, raw number formats).
 *
 * @param layers     the compute layers, index i is hardware layer {@code L<i>}
 * @param stages     DoCompute's stages in stream order (conv, fc and max-pool)
 * @param inputDims  the factors of {@code inBits} without the bits-per-element factor: {@code 28 * 28}
 *                   gives [28, 28], {@code 32 * 32 * 3 * 8} gives [32, 32, 3]
 */
public record BnnPynqConfig(List<HwLayer> layers, List<Stage> stages, List<Integer> inputDims) {
  public BnnPynqConfig {
    layers = List.copyOf(layers);
    stages = List.copyOf(stages);
    inputDims = List.copyOf(inputDims);
  }

  /** Number of input elements the host sends (before padding to 64-bit words). */
  public int inputElements() {
    int n = 1;
    for (int d : inputDims) n *= d;
    return n;
  }

  public enum Kind { CONV, FC, POOL }

  /**
   * A signed fixed-point format {@code ap_fixed<bits, intBits>} (value = raw / 2^(bits − intBits));
   * {@code ap_int<b>} is {@code (b, b)}.
   */
  public record FixedFormat(int bits, int intBits) {
    public int fracBits() { return bits - intBits; }
    @Override public String toString() {
      return bits == intBits ? "ap_int<" + bits + ">" : "ap_fixed<" + bits + ", " + intBits + ">";
    }
  }

  /**
   * One compute layer as the hardware sees it. For a conv layer {@code mw = kernel²·ifmCh} and
   * {@code mh = ofmCh}; for a fully connected layer the conv fields are 0.
   *
   * @param input              the input format: null for bits (XNOR-popcount), or the fixed-point
   *                           format of the 8-bit codes ({@code ap_fixed<8, 1>} in CNV's first layer)
   * @param passThrough        no threshold unit: the layer returns its accumulators (CNV's last layer)
   * @param thresholdStore     the type the thresholds are held in on the chip
   * @param thresholdFileFrac  fractional bits of the raw int64 values in the {@code -thres.bin} files
   */
  public record HwLayer(int index, Kind kind, int simd, int pe, int wmem, int tmem, int mw, int mh,
                        int kernel, int ifmCh, int ifmDim, int ofmCh, int ofmDim, int api,
                        FixedFormat input, boolean passThrough, FixedFormat thresholdStore, int thresholdFileFrac) {
    /** {@code L<i>}, the name config.h uses. */
    public String hwName() { return "L" + index; }
    /** Synapse folds: SIMD-wide chunks per row. */
    public int sf() { return mw / simd; }
    /** Neuron folds: rows per PE. */
    public int nf() { return mh / pe; }
  }

  /** One DoCompute stage: a compute layer (by hardware index) or a max-pool. */
  public record Stage(Kind kind, int layer, int poolImgDim, int poolDim, int poolChannels) {
    public static Stage compute(Kind kind, int layer) { return new Stage(kind, layer, 0, 0, 0); }
    public static Stage pool(int imgDim, int poolDim, int channels) { return new Stage(Kind.POOL, -1, imgDim, poolDim, channels); }
  }
}
