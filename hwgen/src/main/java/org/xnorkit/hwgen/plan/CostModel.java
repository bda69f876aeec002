package org.xnorkit.hwgen.plan;

/**
 * The first-order resource and latency model behind every {@link LayerEstimate}. Stated here once:
 *
 * <ul>
 *   <li>Cycles per image of an MVTU: nf · sf · vectors (one chunk of simd lanes × pe neurons per
 *       cycle, no bubbles); of the input unit: its beats per image; of the output unit:
 *       nf + classes + output beats.</li>
 *   <li>MVTU latency: 1 (weight read) + adder tree (⌈levels/3⌉, at least 1) + 1 (result) + 1 (queue).</li>
 *   <li>LUTs of an MVTU: pe · simd · planes for XNOR + popcount (one LUT6 per input bit, rule of
 *       thumb for compressor trees; int8: 9 per lane for the add/subtract), pe · accBits · (1 + K)
 *       for accumulator and K threshold comparators, simd · elemBits · ⌈sf/4⌉ for the input
 *       buffer's chunk multiplexer (a LUT6 is a 4:1 mux).</li>
 *   <li>FFs of an MVTU: 2 · fanIn · elemBits (double-buffered input vector) + pe · accBits · 3
 *       (accumulator, result, pipeline) + queue · pe · outBits + simd · elemBits (chunk register).</li>
 *   <li>BRAM18 per PE weight memory (depth nf·sf, width simd): ⌈simd/36⌉ · ⌈depth/512⌉ when the
 *       memory holds at least 1024 bits (smaller ones are expected in LUTRAM: 0).</li>
 * </ul>
 */
public final class CostModel {
  private CostModel() {}

  static final int LEVELS_PER_STAGE = 3;

  public static final String DESCRIPTION = "cycles: nf*sf*vectors per MVTU, beats for input, nf+classes+beats for output; "
      + "LUT: pe*simd*planes (xnor+popcount; int8: 9 per lane) + pe*accBits*(1+K) + simd*elemBits*ceil(sf/4); "
      + "FF: 2*fanIn*elemBits + 3*pe*accBits + queue*pe*outBits + simd*elemBits; "
      + "BRAM18 per PE: ceil(simd/36)*ceil(nf*sf/512) if nf*sf*simd >= 1024 bits, else 0 (LUTRAM); "
      + "sliding window (conv, maxpool): cycles max(h*w*ceil(c/beat), oh*ow*k*k), BRAM18 ceil(c*elemBits/36)*ceil(2*h*w/512), LUT 64+c*elemBits, FF 64+4*c*elemBits";

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
    long luts = (long) pe * simd * (int8 ? 9 : planes) + (long) pe * accBits * (1 + thresholdK)
        + (long) simd * elemBits * ((sf + 3) / 4);
    long ffs = 2L * fanIn * elemBits + 3L * pe * accBits + (long) mvtuQueueDepth(latency, sf) * pe * outBits + (long) simd * elemBits;
    long depth = (long) nf * sf;
    long bram = depth * simd >= 1024 ? (long) pe * ((simd + 35) / 36) * ((depth + 511) / 512) : 0;
    return new LayerEstimate((long) nf * sf * vectors, latency, luts, ffs, bram);
  }
}
