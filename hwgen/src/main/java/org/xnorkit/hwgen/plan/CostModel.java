package org.xnorkit.hwgen.plan;

import org.xnorkit.hwgen.rtl.SwuParams;

/**
 * The resource and latency model behind every {@link LayerEstimate}: one estimate per unit of the
 * generated design (input unit, pixel serializer, sliding-window and max-pool units, MVTUs, output
 * unit, FIFOs), so each can be set beside the same unit's synthesis figures. Stated here once:
 *
 * <ul>
 *   <li>Cycles per image of an MVTU: nf · sf · vectors (one chunk of simd lanes × pe neurons per
 *       cycle, no bubbles); of the input unit: its beats per image; of the output unit:
 *       max(nf, classes, output beats) (its gather, readout and emit stages overlap).</li>
 *   <li>MVTU latency: 1 (weight read) + adder tree (⌈levels/3⌉, at least 1) + 1 (result) + 1 (queue)
 *       + (groups − 1), groups = ⌈pe/{@value #PE_GROUP}⌉: the input chunk is registered from PE group
 *       to PE group (systolic), so the last group runs groups − 1 cycles behind the first.</li>
 *   <li>Flip-flops of an MVTU are counted from its structure (Mvtu.scala), as synthesis keeps them:
 *       the double-buffered input vector (2 · fanIn · elemBits), the chunk register, the adder
 *       trees' pipeline registers (a register every 3 adder levels and at the root, each as wide as
 *       its partial sum), accumulator and result (2 · pe · accBits), the loop counters and control
 *       pipeline, the registered read port of every weight memory that is not in block RAM, and with
 *       several PE groups the group-to-group copies of chunk, address and control and the de-skew
 *       triangle ({@link #systolicFlipFlops}).</li>
 *   <li>LUTs of an MVTU: {@link #MVTU_LUT_TERMS} terms, each a structural count times a coefficient
 *       fitted by least squares to Yosys {@code synth_xilinx} runs (docs/synth.md, "Calibration"):
 *       XNOR + popcount trees (pe · simd · planes; int8: pe · simd add/subtract lanes), the chunk
 *       multiplexer reading the input buffer (lanes · elemBits · ⌈2·sf/4⌉: a LUT6 is a 4:1 mux, 2
 *       banks), the accumulators (pe · accBits), the threshold comparators (pe · K · (accBits+1) ·
 *       max(1, nf/32): a LUT holds a 32-entry threshold table bit beside the accumulator bit), the
 *       weight ROMs below the block RAM threshold (pe · simd · ⌈depth/64⌉: 64 entries per LUT6),
 *       and a constant for the control; plus, not fitted, one LUT per weight bit and mux level
 *       after block RAMs stacked in depth ({@link #blockRamReadMuxLevels}).</li>
 *   <li>Block RAM: RAMB18s per PE weight memory (depth max(2, nf·sf), width simd) when it holds at
 *       least 2048 bits (synthesis asks for block RAM from there on; smaller ones go to logic): the
 *       fewest RAMB18s over the 7-series aspect ratios 16K×1, 8K×2, 4K×4, 2K×9, 1K×18, 512×36.</li>
 *   <li>Input unit, output unit, FIFOs: structural counts with fitted coefficients (see their methods).</li>
 * </ul>
 */
public final class CostModel {
  private CostModel() {}

  static final int LEVELS_PER_STAGE = 3;

  /**
   * PEs per systolic group of an MVTU (Mvtu.scala {@code MvtuParams.DefaultPeGroup} is this
   * figure): no register of the input chunk drives more than this many PEs.
   */
  public static final int PE_GROUP = 16;

  /** PE groups of an MVTU with {@code pe} PEs. */
  public static int peGroups(int pe) { return (pe + PE_GROUP - 1) / PE_GROUP; }

  /** The LUT terms of an MVTU, in the order of {@link #mvtuLutTerms} and {@link #MVTU_LUT_COEFFS}. */
  public static final String[] MVTU_LUT_TERMS = {"popcount", "int8Lanes", "chunkMux", "bufferWrite", "accumulator", "thresholds", "weightRom", "control"};
  /** Fitted coefficients of the MVTU LUT terms (docs/synth.md, "Calibration"). */
  static final double[] MVTU_LUT_COEFFS = {2.2496, 20.506, 1.8601, 1.1957, 0.3993, 0.5974, 0.7099, 38.044};

  public static final String DESCRIPTION = "cycles: nf*sf*vectors per MVTU, beats for input, max(nf,classes,beats) for output; "
      + "MVTU LUT: c1*pe*simd*planes (xnor+popcount) + c2*pe*simd (int8 lanes) + c3*lanes*elemBits*ceil(2sf/4) (chunk mux) + c4*pe*accBits "
      + "+ c5*pe*K*(accBits+1)*max(1,nf/32) (thresholds) + c6*pe*simd*ceil(depth/64) (weight ROM < 2 Kbit) + c7, coefficients fitted to Yosys synth_xilinx (docs/synth.md), "
      + "+ pe*simd*ceil(log2 M) (mux after M block RAM words stacked in depth); "
      + "MVTU FF: counted from the structure (input buffer 2*fanIn*elemBits, chunk register, adder-tree registers, 2*pe*accBits, control, ROM read registers); "
      + "BRAM18 per PE: fewest RAMB18 over 16Kx1..512x36 and depth-to-width folds 1..64 if depth*simd >= 2048 bits, else 0; "
      + "input unit: skid buffer + 4 LUT; FIFO depth 2: skid buffer 2*width+2 LUT and FF; output unit: structural counts, fitted LUTs; "
      + "sliding window (conv, maxpool): cycles max(h*w*ceil(c/beat), oh*ow*k*k), line buffer R*w words of c*elemBits bits "
      + "(R = max(k, min(2h, max(min(h,k+s), h-max(0,(oh-1)*s-pad)+min(h,k-pad)) + pad)) rows) in BRAM18 when Yosys' cost says so "
      + "(8 per LUTRAM cell >= 129 per RAMB18), else LUTRAM (not counted as LUTs); LUT 150+c*elemBits (+ LUTRAM read mux), "
      + "FF 65 + gathered beats + c*elemBits with block RAM; max-pool + c*elemBits LUT and FF";

  /** Weight memories of at least this many bits per PE go to block RAM (the synthesis script asks for it). */
  public static final int BLOCK_RAM_MIN_BITS = 2048;

  private static final int[][] RAMB18_SHAPES = {{16384, 1}, {8192, 2}, {4096, 4}, {2048, 9}, {1024, 18}, {512, 36}};

  /**
   * RAMB18s of a read-write memory (a line buffer): Yosys' memory_libmap picks block RAM or LUTRAM
   * by cost, a RAMB18 costing 129 and a LUTRAM cell 8 (RAM64M: 64 words × 3 bits in simple dual
   * port; RAM32M: 32 × 6), so a memory goes to block RAM when 8 · LUTRAM cells ≥ 129 · RAMB18s.
   */
  public static long ramBram18(long depth, long width) {
    long bram = Long.MAX_VALUE;
    for (int f = 1; f <= MAX_FOLD; f++) {
      long d = (depth + f - 1) / f, w = f * width;
      for (int[] s : RAMB18_SHAPES) bram = Math.min(bram, ((d + s[0] - 1) / s[0]) * ((w + s[1] - 1) / s[1]));
    }
    long cells = depth <= 32 ? (width + 5) / 6 : ((depth + 63) / 64) * ((width + 2) / 3);
    return 8 * cells >= 129 * bram ? bram : 0;
  }

  /** Depth-to-width folds synthesis tries when tiling a memory into block RAM (Yosys' memory_libmap). */
  static final int MAX_FOLD = 64;

  /**
   * RAMB18s for one memory of depth × width bits, as Yosys' memory_libmap tiles it: 0 below the
   * block RAM threshold; else the fewest over the 7-series aspect ratios (16K×1 … 512×36) and over
   * folds f = 1 … {@value #MAX_FOLD} of the depth into the width (⌈depth/f⌉ words of f·width bits,
   * the f words of a row chosen by a mux in LUTs; this is how it packs 18432×32 into 16 RAMB36 at
   * 2K×18 = 32 RAMB18 with f = 9, where the plain tiling takes 36). A RAMB36 counts 2 and is never
   * fewer than two RAMB18s' shapes, so the RAMB18 shapes suffice.
   */
  public static long bram18(long depth, long width) {
    if (depth * width < BLOCK_RAM_MIN_BITS) return 0;
    long best = Long.MAX_VALUE;
    for (int f = 1; f <= MAX_FOLD; f++) {
      long d = (depth + f - 1) / f, w = f * width;
      for (int[] s : RAMB18_SHAPES) best = Math.min(best, ((d + s[0] - 1) / s[0]) * ((w + s[1] - 1) / s[1]));
    }
    return best;
  }

  private static final int[][] RAMB36_SHAPES = {{32768, 1}, {16384, 2}, {8192, 4}, {4096, 9}, {2048, 18}, {1024, 36}};

  /**
   * Levels of 2:1 muxes after the block RAMs of one memory (0 below the threshold or when one word
   * of every RAM makes a word of the memory): the tiling of {@link #bram18} (RAMB36 shapes
   * preferred at an equal count, as Yosys does: a 32K×1 RAMB36 rather than two 16K×1 RAMB18s)
   * reads M = fold · depth blocks words per output bit and picks one with ⌈log2 M⌉ levels, in
   * LUTs (a structural count, 1 LUT per bit and level; measured on CNV: 2304×32 in 5 RAMB18 takes
   * 4 LUTs per bit, 18432×32 folded 9 wide 3.2, 32768×8 folded 16 wide 5.8).
   */
  static int blockRamReadMuxLevels(long depth, long width) {
    long count = bram18(depth, width);
    if (count == 0) return 0;
    long bestM = Long.MAX_VALUE;
    for (int f = 1; f <= MAX_FOLD; f++) {
      long d = (depth + f - 1) / f, w = f * width;
      for (int[] s : RAMB36_SHAPES)
        if (2 * ((d + s[0] - 1) / s[0]) * ((w + s[1] - 1) / s[1]) == count) bestM = Math.min(bestM, f * ((d + s[0] - 1) / s[0]));
      for (int[] s : RAMB18_SHAPES)
        if (((d + s[0] - 1) / s[0]) * ((w + s[1] - 1) / s[1]) == count) bestM = Math.min(bestM, f * ((d + s[0] - 1) / s[0]));
    }
    return bestM <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(bestM - 1);
  }

  static int treeLatency(int leaves) {
    int levels = leaves <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(leaves - 1);
    return Math.max(1, (levels + LEVELS_PER_STAGE - 1) / LEVELS_PER_STAGE);
  }

  static int mvtuLatency(int pe, int simd, int elemPlanes, boolean int8) {
    return 1 + treeLatency(int8 ? simd : simd * elemPlanes) + 1 + 1 + (peGroups(pe) - 1);
  }

  static int mvtuQueueDepth(int latency, int sf) { return (latency + sf) / sf + 2; }

  /** ⌈log2 n⌉ bits of a counter with n states (at least 1, as Chisel's {@code log2Ceil(n max 2)}). */
  static int counterBits(long n) { return n <= 2 ? 1 : 64 - Long.numberOfLeadingZeros(n - 1); }

  /**
   * Pipeline flip-flops of one adder tree over {@code leaves} inputs, the first {@code realLeaves} of
   * them {@code leafBits} wide and the rest constant 0 (lanes past a row's end), built as
   * AdderTree.build does: pairs added with a carry bit (+&amp;), a register after every
   * {@value #LEVELS_PER_STAGE} levels and at the root. Constant parts cost nothing: a sum with a
   * constant 0 keeps the other side's width.
   */
  static long adderTreeRegisters(int leaves, int realLeaves, int leafBits) {
    int[] w = new int[leaves];
    for (int i = 0; i < Math.min(leaves, realLeaves); i++) w[i] = leafBits;
    int n = leaves, level = 0;
    boolean registered = false;
    long regs = 0;
    while (n > 1) {
      int m = (n + 1) / 2;
      for (int i = 0; i < m; i++) {
        int a = w[2 * i], b = 2 * i + 1 < n ? w[2 * i + 1] : 0;
        w[i] = a == 0 || b == 0 ? a + b : Math.max(a, b) + 1;
      }
      n = m;
      level++;
      registered = level % LEVELS_PER_STAGE == 0;
      if (registered) for (int i = 0; i < n; i++) regs += w[i];
    }
    if (!registered) regs += w[0];
    return regs;
  }

  /**
   * One MVTU as the cost model sees it.
   *
   * @param fanIn    elements of the input vector (dense: inputs; conv: k²·Cin)
   * @param rowElems elements of one chunk row (dense: fanIn; conv: Cin)
   * @param slots    beats of one input vector, each a slot of the input buffer (its write decoder)
   * @param elemBits bits of an input element (int8: 8; levels: K of the input)
   * @param thresholdK thresholds per neuron (0: raw accumulators out, the output layer)
   */
  public record Mvtu(int pe, int simd, int nf, int sf, int vectors, int fanIn, int rowElems, int slots, int elemBits, boolean int8,
                     int accBits, int thresholdK) {
    public Mvtu withSlots(int s) { return new Mvtu(pe, simd, nf, sf, vectors, fanIn, rowElems, s, elemBits, int8, accBits, thresholdK); }
    public int planes() { return int8 ? 1 : elemBits; }
    /** Lanes that carry an element in some chunk (simd past a row's elements: the rest are constant 0 and synthesis drops them). */
    public int lanes() { return Math.min(simd, rowElems); }
    /** Words of each PE's weight memory. */
    public int memDepth() { return Math.max(2, nf * sf); }
    /** True when the weight memories are below the block RAM threshold (ROMs in LUTs and flip-flops). */
    public boolean romInLogic() { return bram18(memDepth(), simd) == 0; }
    /**
     * Distinct non-constant bit columns of a ROM in logic: synthesis keeps one register (and one
     * LUT tree) per distinct column; of {@code lanes} random columns over {@code depth} words, 2^depth
     * patterns, expected distinct N·(1 − (1 − 1/N)^lanes), less the two constant patterns.
     */
    public double romColumns() {
      int d = memDepth();
      if (d >= 16) return lanes();
      double n = Math.pow(2, d);
      return n * (1 - Math.pow(1 - 1 / n, lanes())) * (n - 2) / n;
    }
  }

  /** The structural counts the MVTU LUT coefficients multiply, in the order of {@link #MVTU_LUT_TERMS}. */
  public static double[] mvtuLutTerms(Mvtu m) {
    double popcount = m.int8() ? 0 : (double) m.pe() * m.lanes() * m.planes();
    double int8Lanes = m.int8() ? (double) m.pe() * m.lanes() : 0;
    double chunkMux = (double) m.lanes() * m.elemBits() * ((2L * m.sf() + 3) / 4);
    double acc = (double) m.pe() * m.accBits();
    double thr = m.thresholdK() == 0 ? 0 : (double) m.pe() * m.thresholdK() * (m.accBits() + 1) * Math.max(1.0, m.nf() / 32.0);
    double rom = m.romInLogic() && m.memDepth() > 2 ? m.pe() * m.romColumns() * ((m.memDepth() + 63) / 64) : 0;
    double bufferWrite = 2.0 * Math.max(1, m.slots());
    return new double[] {popcount, int8Lanes, chunkMux, bufferWrite, acc, thr, rom, 1};
  }

  /** Flip-flops of an MVTU, counted from its structure. */
  public static long mvtuFlipFlops(Mvtu m) {
    int leaves = m.int8() ? m.lanes() : m.lanes() * m.planes();
    int latency = treeLatency(m.int8() ? m.simd() : m.simd() * m.planes());
    int nfBits = counterBits(m.nf());
    long buffer = 2L * m.fanIn() * m.elemBits();
    // chunk register; the lane mask varies only where a row ends inside a chunk of a row of several chunks
    long chunk = (long) m.lanes() * m.elemBits() + (m.rowElems() > m.simd() && m.rowElems() % m.simd() != 0 ? m.simd() - m.rowElems() % m.simd() : 0);
    long tree = m.pe() * adderTreeRegisters(m.int8() ? m.simd() : m.simd() * m.planes(), leaves, m.int8() ? 9 : 1);
    long acc = 2L * m.pe() * m.accBits();
    int queue = mvtuQueueDepth(mvtuLatency(m.pe(), m.simd(), m.planes(), m.int8()), m.sf());
    long control = 10 + (long) (latency + 1) * (3 + nfBits) + nfBits + counterBits(m.sf()) + counterBits((long) m.nf() * m.sf())
        + counterBits(Math.max(1, m.slots())) + 2L * counterBits(queue + 1);
    long romRegs = m.romInLogic() ? Math.round(m.pe() * m.romColumns()) : 0;
    return buffer + chunk + tree + acc + control + romRegs + systolicFlipFlops(m, chunk);
  }

  /**
   * Flip-flops the systolic PE groups add (0 for a single group): per group after the first, a copy
   * of the chunk register ({@code chunkBits}, mask included), the weight address, the control
   * after the tree (valid, first, last, neuron fold) and the group's own result neuron fold; and
   * the de-skew triangle, group g's lanes of output bits (K, or accBits without thresholds)
   * delayed groups − 1 − g cycles. (LFC-W1A1 after Yosys {@code proc; opt}: +166/+252/+102 FFs in
   * fc0/fc1/fc2, this gives 150/252/102; fc0's 16 more are constant mask lanes synthesis drops.)
   */
  public static long systolicFlipFlops(Mvtu m, long chunkBits) {
    int groups = peGroups(m.pe());
    if (groups == 1) return 0;
    long chain = chunkBits + counterBits((long) m.nf() * m.sf()) + 3 + 2L * counterBits(m.nf());
    int outBits = m.thresholdK() > 0 ? m.thresholdK() : m.accBits();
    long deskew = 0;
    for (int g = 0; g < groups; g++) deskew += (long) Math.min(PE_GROUP, m.pe() - g * PE_GROUP) * outBits * (groups - 1 - g);
    return (groups - 1) * chain + deskew;
  }

  /** An MVTU's estimate. */
  public static LayerEstimate mvtu(Mvtu m) {
    int latency = mvtuLatency(m.pe(), m.simd(), m.planes(), m.int8());
    double[] t = mvtuLutTerms(m);
    double luts = 0;
    for (int i = 0; i < t.length; i++) luts += MVTU_LUT_COEFFS[i] * t[i];
    luts += (double) m.pe() * m.simd() * blockRamReadMuxLevels(m.memDepth(), m.simd());
    long bram = m.pe() * bram18(m.memDepth(), m.simd());
    return new LayerEstimate((long) m.nf() * m.sf() * m.vectors(), latency, Math.round(luts), mvtuFlipFlops(m), bram);
  }

  /**
   * Input unit: a 256-entry table per byte lane (a threshold for bits: a few LUTs; a byte-wide code
   * for int8) into a skid buffer.
   */
  public static LayerEstimate inputUnit(long beatsPerImage, int lanes, int elemBits) {
    // trained models' tables are thresholds (bits: the pixel's top bits) or p - 128 (int8: the top bit flipped):
    // a few LUTs whatever the lanes; the result goes through a skid buffer of the beat's width
    LayerEstimate skid = fifo(2, lanes * elemBits);
    return new LayerEstimate(beatsPerImage, 1, 4 + skid.luts(), skid.ffs(), 0);
  }

  /** Pixel serializer: one input beat of {@code pixelsPerBeat} pixels held in registers, a pixelsPerBeat:1 mux out. */
  public static LayerEstimate serializer(long beatsPerImage, int pixelsPerBeat, int pixelBits) {
    return new LayerEstimate(beatsPerImage * pixelsPerBeat, 1, 10 + (long) pixelBits * ((pixelsPerBeat + 3) / 4),
        (long) pixelsPerBeat * pixelBits + 2 + counterBits(pixelsPerBeat) + counterBits(beatsPerImage), 0);
  }

  /**
   * An inter-unit FIFO of {@code depth} entries of {@code width} bits: depth 2 is a skid buffer (two
   * registers of the width, a 2:1 mux per bit: 2·width + 2 flip-flops and LUTs, measured); deeper
   * ones a Chisel Queue whose storage is LUTRAM (not counted) with pointers and flags.
   */
  public static LayerEstimate fifo(int depth, int width) {
    if (depth == 2) return new LayerEstimate(0, 0, 2L * width + 2, 2L * width + 2, 0);
    return new LayerEstimate(0, 0, 8, 2 + 2L * counterBits(depth), 0);
  }

  /**
   * Output unit (three overlapping stages): the gathered and the read-out accumulators (2 · classes ·
   * accBits registers), the running and the emitted scores (2 · classes · scoreBits) and class bits,
   * argmax and counters; LUTs for the classes:1 readout mux, the comparisons and the record's beat mux.
   */
  public static LayerEstimate outputUnit(long cyclesPerImage, int nf, int classes, int accBits, int scoreBits, int busBits, int beats,
                                         boolean thresholds, boolean identity) {
    long ffs = 2L * classes * (accBits + scoreBits + (thresholds ? 1 : 0)) + 4L * counterBits(classes) + counterBits(beats) + counterBits(nf) + 6;
    long luts = 30 + Math.round(1.3 * classes * scoreBits + 0.5 * classes * accBits) + (thresholds ? 2L * scoreBits : 0) + (identity ? 0 : 4L * scoreBits);
    return new LayerEstimate(cyclesPerImage, 2, luts, ffs, 0);
  }

  /**
   * Sliding-window unit (conv and max-pool) on an h×w×c input arriving as ⌈c/beat⌉ beats per pixel:
   * cycles = max(h·w·⌈c/beat⌉ writes, oh·ow·k² reads); latency = the rows the first output row
   * needs are written before its windows start (min(h, k − pad)·w·⌈c/beat⌉) + 2 (read, queue);
   * a line buffer of R·w words of c·elemBits bits (R = {@link SwuParams#lineRows}): block RAM like
   * a weight memory from {@link #BLOCK_RAM_MIN_BITS} on, below that LUTRAM (a RAM64M: 4 LUTs per 3
   * bits of 64 words).
   */
  static LayerEstimate swu(int h, int w, int c, int elemBits, int beat, int k, int stride, int pad) {
    int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
    long beatsPerPixel = (c + beat - 1) / beat;
    long writes = (long) h * w * beatsPerPixel, reads = (long) oh * ow * k * k;
    long width = (long) c * elemBits, depth = (long) swuBufferRows(h, k, stride, pad) * w;
    long bram = ramBram18(depth, width);
    // Fitted to Yosys on 12 units of CNV, k2 and k3 (docs/synth.md): control and address arithmetic
    // about 150 LUTs and 65 FFs; the pad mux on the read data, a LUT per bit; LUTRAM is not counted
    // as LUTs (synthesis reports it apart) but its read mux over 64-word blocks is; the beats of a
    // pixel but the last are gathered in registers; a line buffer in block RAM adds a register of
    // the read word (synthesis cannot take the pad mux into the RAM's output register).
    long lutramMux = bram > 0 ? 0 : width * ((((depth + 63) / 64) - 1 + 2) / 3);
    long gathered = (beatsPerPixel - 1) * beat * elemBits;
    long luts = 150 + width + lutramMux, ffs = 65 + gathered + (bram > 0 ? width : 0);
    long latency = Math.min(h, k - pad) * w * beatsPerPixel + 2;
    return new LayerEstimate(Math.max(writes, reads), latency, luts, ffs, bram);
  }

  /** Max-pool unit: a sliding-window unit ({@code swu}) and the OR of a window's pixels (a register and a LUT per bit). */
  static LayerEstimate maxPool(LayerEstimate swu, int c, int elemBits) {
    long width = (long) c * elemBits;
    return new LayerEstimate(swu.cyclesPerImage(), swu.latencyCycles(), swu.luts() + width, swu.ffs() + width + 3, swu.bram18());
  }

  /** Rows of a sliding-window unit's line buffer (docs/timing.md, "Sliding-window unit"). */
  public static int swuBufferRows(int h, int k, int stride, int pad) { return SwuParams.lineRows(h, k, stride, pad); }

  /** Bits of a sliding-window unit's line buffer: R·w words of c·elemBits bits. */
  public static long swuBufferBits(int h, int w, int c, int elemBits, int k, int stride, int pad) {
    return (long) swuBufferRows(h, k, stride, pad) * w * c * elemBits;
  }

  /** Two units in a row as one layer: the slower one's cycles, latencies and resources added. */
  static LayerEstimate chain(LayerEstimate a, LayerEstimate b) {
    return new LayerEstimate(Math.max(a.cyclesPerImage(), b.cyclesPerImage()), a.latencyCycles() + b.latencyCycles(),
        a.luts() + b.luts(), a.ffs() + b.ffs(), a.bram18() + b.bram18());
  }
}
