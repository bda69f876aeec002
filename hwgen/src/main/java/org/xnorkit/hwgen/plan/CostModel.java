package org.xnorkit.hwgen.plan;

/**
 * The first-order resource and latency model behind every {@link LayerEstimate}. Stated here once:
 *
 * <ul>
 *   <li>Cycles per image of an MVTU: nf · sf · vectors (one chunk of simd lanes × pe neurons per
 *       cycle, no bubbles); of the input unit: its beats per image; of the output unit:
 *       max(nf, classes, output beats) (its gather, readout and emit stages overlap).</li>
 *   <li>MVTU latency: 1 (weight read) + adder tree (⌈levels/3⌉, at least 1) + 1 (result) + 1 (queue).</li>
 *   <li>LUTs of an MVTU, a least-squares fit to Yosys {@code synth_xilinx} of LFC-W1A1 (BNN-PYNQ
 *       folding) and tiny-w1a1-fashion-mnist, 8 MVTUs (docs/synth.md; coefficients in hundredths):
 *       2.15 · pe · simd · planes for XNOR + popcount adder trees (int8: 9 per lane for the
 *       add/subtract, not calibrated), 1.0 · fanIn · elemBits for the double-buffered input vector
 *       (bank select, write enables), 3.8 · simd · elemBits · ⌈sf/4⌉ for the chunk multiplexer (a
 *       LUT6 is a 4:1 mux), 0.77 · pe · accBits · K · ⌈log2 nf⌉ for the threshold tables of the nf
 *       neuron folds and their comparators (accumulators fold into the adder trees).</li>
 *   <li>FFs of an MVTU: 2 · fanIn · elemBits (double-buffered input vector) + pe · accBits · 3
 *       (accumulator, result, pipeline) + queue · pe · outBits + simd · elemBits (chunk register).</li>
 *   <li>BRAM18 per PE weight memory (depth nf·sf, width simd) when it holds at least 2048 bits
 *       (synthesis asks for block RAM from there on; smaller ones go to LUTRAM or logic: 0): the
 *       fewest RAMB18s over the 7-series aspect ratios 16K×1, 8K×2, 4K×4, 2K×9, 1K×18, 512×36.</li>
 * </ul>
 */
public final class CostModel {
  private CostModel() {}

  static final int LEVELS_PER_STAGE = 3;

  public static final String DESCRIPTION = "cycles: nf*sf*vectors per MVTU, beats for input, max(nf,classes,beats) for output; "
      + "LUT: 2.15*pe*simd*planes (xnor+popcount; int8: 9 per lane) + 1.0*fanIn*elemBits + 3.8*simd*elemBits*ceil(sf/4) + 0.77*pe*accBits*K*ceil(log2 nf); "
      + "FF: 2*fanIn*elemBits + 3*pe*accBits + queue*pe*outBits + simd*elemBits; "
      + "BRAM18 per PE: fewest RAMB18 over 16Kx1..512x36 if nf*sf*simd >= 2048 bits, else 0 (LUTRAM); "
      + "sliding window (conv, maxpool): cycles max(h*w*ceil(c/beat), oh*ow*k*k), BRAM18 ceil(c*elemBits/36)*ceil(2*h*w/512), LUT 64+c*elemBits, FF 64+4*c*elemBits";

  /** Weight memories of at least this many bits per PE go to block RAM (the synthesis script asks for it). */
  public static final int BLOCK_RAM_MIN_BITS = 2048;

  private static final int[][] RAMB18_SHAPES = {{16384, 1}, {8192, 2}, {4096, 4}, {2048, 9}, {1024, 18}, {512, 36}};

  /** RAMB18s for one memory of depth × width bits: the fewest over the 7-series aspect ratios; 0 below the block RAM threshold. */
  public static long bram18(long depth, long width) {
    if (depth * width < BLOCK_RAM_MIN_BITS) return 0;
    long best = Long.MAX_VALUE;
    for (int[] s : RAMB18_SHAPES) best = Math.min(best, ((depth + s[0] - 1) / s[0]) * ((width + s[1] - 1) / s[1]));
    return best;
  }

  static int treeLatency(int leaves) {
    int levels = leaves <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(leaves - 1);
    return Math.max(1, (levels + LEVELS_PER_STAGE - 1) / LEVELS_PER_STAGE);
  }

  static int mvtuLatency(int simd, int elemPlanes, boolean int8) {
    return 1 + treeLatency(int8 ? simd : simd * elemPlanes) + 1 + 1;
  }

  static int mvtuQueueDepth(int latency, int sf) { return (latency + sf) / sf + 2; }

  /**
   * Sliding-window unit (conv and max-pool) on an h×w×c input arriving as ⌈c/beat⌉ beats per pixel:
   * cycles = max(h·w·⌈c/beat⌉ writes, oh·ow·k² reads); latency = a whole image is buffered before its
   * windows start (h·w·⌈c/beat⌉) + 2 (read, queue); frame buffer 2·h·w words of c·elemBits bits.
   */
  static LayerEstimate swu(int h, int w, int c, int elemBits, int beat, int oh, int ow, int k) {
    long writes = (long) h * w * ((c + beat - 1) / beat), reads = (long) oh * ow * k * k;
    long width = (long) c * elemBits, depth = 2L * h * w;
    long bram = width * depth >= 1024 ? ((width + 35) / 36) * ((depth + 511) / 512) : 0;
    long luts = 64 + width, ffs = 64 + 4 * width;
    return new LayerEstimate(Math.max(writes, reads), writes + 2, luts, ffs, bram);
  }

  /** Two units in a row as one layer: the slower one's cycles, latencies and resources added. */
  static LayerEstimate chain(LayerEstimate a, LayerEstimate b) {
    return new LayerEstimate(Math.max(a.cyclesPerImage(), b.cyclesPerImage()), a.latencyCycles() + b.latencyCycles(),
        a.luts() + b.luts(), a.ffs() + b.ffs(), a.bram18() + b.bram18());
  }

  static LayerEstimate mvtu(int pe, int simd, int nf, int sf, int vectors, int fanIn, int elemBits, boolean int8,
                            int accBits, int thresholdK) {
    int planes = int8 ? 1 : elemBits;
    int latency = mvtuLatency(simd, planes, int8);
    int outBits = thresholdK > 0 ? thresholdK : accBits;
    int log2nf = nf <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(nf - 1);
    long luts = (int8 ? 900L * pe * simd : 215L * pe * simd * planes) + 100L * fanIn * elemBits
        + 380L * simd * elemBits * ((sf + 3) / 4) + 77L * pe * accBits * thresholdK * log2nf;
    luts = (luts + 50) / 100;
    long ffs = 2L * fanIn * elemBits + 3L * pe * accBits + (long) mvtuQueueDepth(latency, sf) * pe * outBits + (long) simd * elemBits;
    long bram = pe * bram18(Math.max(2L, (long) nf * sf), simd);
    return new LayerEstimate((long) nf * sf * vectors, latency, luts, ffs, bram);
  }
}
