package org.xnorkit.model.bnnpynq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.xnorkit.model.AccumulatorRange;
import org.xnorkit.model.Folding;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Plan;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.HwLayer;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.Kind;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.Stage;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;

/**
 * Imports a BNN-PYNQ network directory ({@code config.h}, {@code top.cpp}, {@code <L>-<P>-weights.bin},
 * {@code <L>-<P>-thres.bin}, {@code classes.txt}) as an xnorkit model plus the plan (PE, SIMD per
 * layer) it ran with on the board.
 *
 * <p>What is converted, and how (each step is exact):
 * <ul>
 *   <li>Weights: the folded PE memories are unpacked ({@link FoldedMemory}); padded columns of the
 *       first layer (the host pads the input with 0 bits to whole 64-bit words) and padded rows of the
 *       last layer (up to a multiple of 64) are dropped. Padded columns must hold weight bit 1, which
 *       XNORed with the 0 input bit adds nothing, so the accumulator over the real fan-in equals the
 *       board's over the padded one and thresholds carry over unchanged. Padded rows must be BNN-PYNQ's
 *       (all-1 weights, threshold 32767).</li>
 *   <li>Thresholds: the board fires iff threshold &lt; acc; the model's direction +1 fires iff
 *       acc ≥ t. {@link ThresholdRule} gives t (T + 1 for the binary layers, ⌊s/2⌋ + 1 for CNV's
 *       fixed-point first layer). A t outside the validator's range [accMin, accMax + 1] is clamped
 *       to the end with the same meaning (always / never); whenever the model's t does not determine
 *       the raw file value (clamping, a value that wrapped in the chip's type, the dropped low bit of
 *       CNV's first layer), the layer's raw values are kept in metadata
 *       {@code bnnpynq.rawThresholds.<layer>} so the export is byte-exact.</li>
 *   <li>Input: LFC's binarized pixels (bit = p ≥ 128) or CNV's 8-bit fixed-point codes become the
 *       model's input table.</li>
 *   <li>Last layer: with thresholds it keeps them as class bits with the {@code highestSetBit}
 *       readout (LFC's host); pass-through gives the popcounts as scores with {@code argmax} (CNV).</li>
 * </ul>
 */
public final class BnnPynqImporter {
  private BnnPynqImporter() {}

  /** The imported model, the board's plan, and one line per conversion step worth telling the user. */
  public record Result(Network network, Plan plan, List<String> notes) {
    public Result { notes = List.copyOf(notes); }
  }

  /**
   * Imports the network in {@code dir}. {@code name} becomes the model's name (null: the directory's name).
   *
   * @throws NoSuchFileException naming a missing file (config.h, top.cpp, classes.txt, a PE file) and its layer
   * @throws ModelException      naming the file and layer of anything inconsistent
   */
  public static Result importNet(Path dir, String name) throws IOException {
    return new Run(dir, name == null ? dir.toAbsolutePath().normalize().getFileName().toString() : name).run();
  }

  private static final class Run {
    final Path dir;
    final String name;
    final String netName;
    final List<String> notes = new ArrayList<>();
    final Map<String, String> metadata = new LinkedHashMap<>();
    final Map<String, Folding> foldings = new LinkedHashMap<>();

    Run(Path dir, String name) {
      this.dir = dir;
      this.name = name;
      this.netName = dir.toAbsolutePath().normalize().getFileName().toString();
    }

    Result run() throws IOException {
      String configText = readText("config.h", "the layer sizes and folding (L<i>_SIMD, L<i>_PE, ...)");
      String topText = readText("top.cpp", "the layer sequence (DoCompute)");
      BnnPynqConfig cfg = BnnPynqSourceParser.parse(configText, file("config.h"), topText, file("top.cpp"));
      List<String> classes = classNames(readText("classes.txt", "the class names"));

      List<Stage> stages = cfg.stages();
      Stage last = stages.get(stages.size() - 1);
      if (last.kind() != Kind.FC)
        throw new ModelException(file("top.cpp"), "", null, "the last DoCompute stage must be a StreamingFCLayer_Batch (the class layer), found " + last.kind(), null);

      HwLayer first = cfg.layers().get(stages.get(0).layer());
      InputSpec input = inputSpec(cfg, first);
      TensorType t = input.tensorType();
      List<Layer> layers = new ArrayList<>();
      int convs = 0, fcs = 0, pools = 0;
      for (int s = 0; s < stages.size(); s++) {
        Stage st = stages.get(s);
        boolean isFirst = s == 0, isLast = s == stages.size() - 1;
        Layer layer;
        if (st.kind() == Kind.POOL) {
          layer = pool("pool" + pools++, st, t);
        } else {
          HwLayer hw = cfg.layers().get(st.layer());
          String lname = isLast ? "out" : st.kind() == Kind.CONV ? "conv" + convs++ : "fc" + fcs++;
          layer = st.kind() == Kind.CONV ? conv(lname, hw, t, isFirst) : fc(lname, hw, t, isFirst, isLast, classes);
          foldings.put(lname, new Folding(hw.pe(), hw.simd()));
        }
        layers.add(layer);
        t = outputType(layer, t);
      }

      metadata.put(BnnPynqConventions.META_SOURCE, "BNN-PYNQ " + netName + " (github.com/Xilinx/BNN-PYNQ), imported with 'xnorkit import bnn-pynq'");
      metadata.put(BnnPynqConventions.META_LICENSE, BnnPynqConventions.LICENSE);
      metadata.put(BnnPynqConventions.META_CLASS_NAMES, String.join("\n", classes));
      metadata.put(BnnPynqConventions.META_NETWORK, netName);
      Network net = new Network(name, input, layers, metadata);
      return new Result(net, new Plan(foldings), notes);
    }

    /** The tensor a hidden layer produces (1-bit levels); the validator checks the whole chain again at the end. */
    static TensorType outputType(Layer layer, TensorType in) {
      if (layer instanceof MaxPoolLayer p) return TensorType.levels(p.outSize(in.height()), p.outSize(in.width()), in.channels(), in.k());
      if (layer instanceof ConvLayer c) return TensorType.levels(c.outSize(in.height()), c.outSize(in.width()), c.outChannels(), 1);
      if (layer instanceof DenseLayer d) return TensorType.levels(1, 1, d.outputs(), 1);
      return TensorType.scores(((OutputLayer) layer).classes());
    }

    // ---- input ----

    InputSpec inputSpec(BnnPynqConfig cfg, HwLayer first) {
      List<Integer> dims = cfg.inputDims();
      int h, w, c;
      if (first.kind() == Kind.CONV) {
        h = w = first.ifmDim();
        c = first.ifmCh();
        if (cfg.inputElements() != h * w * c)
          throw new ModelException(file("top.cpp"), "", null, "inBits gives " + cfg.inputElements() + " input elements but " + first.hwName()
              + " reads " + h + "x" + w + "x" + c + " = " + (h * w * c), null);
      } else if (dims.size() == 1) { h = 1; w = 1; c = dims.get(0); }
      else if (dims.size() == 2) { h = dims.get(0); w = dims.get(1); c = 1; }
      else if (dims.size() == 3) { h = dims.get(0); w = dims.get(1); c = dims.get(2); }
      else throw new ModelException(file("top.cpp"), "", null, "inBits = " + dims + ": cannot read an image shape from more than 3 factors", null);
      if (first.input() == null) {
        notes.add("input: " + h + "x" + w + "x" + c + " bits, bit = pixel >= 128 (the host's x = 2p/255 - 1 >= 0)");
        return BnnPynqConventions.bitsInput(h, w, c);
      }
      if (!first.input().equals(BnnPynqConventions.FIXED_INPUT))
        throw new ModelException(file("top.cpp"), "", null, first.hwName() + " reads " + first.input()
            + " inputs; only BNN-PYNQ's ap_fixed<8, 1> pixel codes are supported", null);
      notes.add("input: " + h + "x" + w + "x" + c + " int8 codes q = min(127, floor((512p + 255)/510) - 128), the host's ap_fixed<8, 1> of 2p/255 - 1");
      return BnnPynqConventions.int8Input(h, w, c);
    }

    // ---- layers ----

    Layer pool(String lname, Stage st, TensorType in) {
      if (st.poolImgDim() != in.height() || st.poolChannels() != in.channels())
        throw new ModelException(file("top.cpp"), "", lname, "StreamingMaxPool_Batch<" + st.poolImgDim() + ", " + st.poolDim() + ", " + st.poolChannels()
            + "> does not match the incoming " + in, null);
      if (st.poolImgDim() % st.poolDim() != 0)
        throw new ModelException(file("top.cpp"), "", lname, "image size " + st.poolImgDim() + " is not a multiple of the pool size " + st.poolDim(), null);
      return new MaxPoolLayer(lname, st.poolDim(), st.poolDim());
    }

    Layer conv(String lname, HwLayer hw, TensorType in, boolean isFirst) throws IOException {
      String where = lname + " (" + hw.hwName() + ")";
      if (hw.passThrough()) throw err("top.cpp", lname, where + " has no threshold unit; only the last layer may be pass-through");
      if (hw.ifmDim() != in.height() || hw.ifmDim() != in.width() || hw.ifmCh() != in.channels())
        throw err("config.h", lname, where + " reads " + hw.ifmDim() + "x" + hw.ifmDim() + "x" + hw.ifmCh() + " but the incoming tensor is " + in);
      if (hw.ofmDim() != hw.ifmDim() - hw.kernel() + 1)
        throw err("config.h", lname, where + ": OFM_DIM " + hw.ofmDim() + " != IFM_DIM - K + 1 = " + (hw.ifmDim() - hw.kernel() + 1) + " (stride 1, no padding)");
      checkFolding(hw, lname);
      PackedBits m = weights(hw, lname);
      Quantizer q = thresholds(hw, lname, hw.ofmCh(), hw.mh(), AccumulatorRange.binary(in, hw.mw()), ruleOf(hw));
      int padValue = in.domain() == TensorType.Domain.INT8 ? 0 : -1; // unused: BNN-PYNQ convolutions have no padding
      return new ConvLayer(lname, hw.kernel(), 1, 0, padValue, hw.ifmCh(), hw.ofmCh(), m, q);
    }

    Layer fc(String lname, HwLayer hw, TensorType in, boolean isFirst, boolean isLast, List<String> classes) throws IOException {
      String where = lname + " (" + hw.hwName() + ")";
      int n = in.size();
      if (isFirst ? hw.mw() < n : hw.mw() != n)
        throw err("config.h", lname, where + ": " + hw.hwName() + "_MW = " + hw.mw() + " but the incoming tensor " + in + " has " + n + " elements"
            + (isFirst ? " (the first layer may pad, never shrink)" : ""));
      int rows = isLast ? classes.size() : hw.mh();
      if (isLast && hw.mh() < rows)
        throw err("config.h", lname, where + ": " + hw.hwName() + "_MH = " + hw.mh() + " is less than the " + rows + " classes in classes.txt");
      if (!isLast && hw.passThrough()) throw err("top.cpp", lname, where + " has no threshold unit; only the last layer may be pass-through");
      checkFolding(hw, lname);
      PackedBits full = weights(hw, lname);
      checkPadding(full, hw, lname, n, rows);
      if (hw.mw() > n) notes.add(lname + ": dropped " + (hw.mw() - n) + " padded input columns (" + hw.hwName() + "_MW = " + hw.mw() + " -> " + n + "): weight bit 1 against input bit 0 adds nothing to an XNOR-popcount");
      if (hw.mh() > rows) notes.add(lname + ": dropped " + (hw.mh() - rows) + " padded output rows (" + hw.hwName() + "_MH = " + hw.mh() + " -> " + rows + ")");
      PackedBits m = PackedBits.of(rows, n, full::bit);
      AccumulatorRange range = AccumulatorRange.binary(in, n);
      if (!isLast) return new DenseLayer(lname, n, rows, m, thresholds(hw, lname, rows, hw.mh(), range, ruleOf(hw)));
      if (hw.passThrough()) {
        notes.add(lname + ": pass-through, the class scores are the popcounts, readout argmax");
        return new OutputLayer(lname, n, rows, new OutputWeights.Binary(m), null, null, null, Readout.ARGMAX);
      }
      Quantizer q = thresholds(hw, lname, rows, hw.mh(), range, ruleOf(hw));
      notes.add(lname + ": class bits from the thresholds, readout highestSetBit (the board's host picks the highest set bit, 0 if none)");
      return new OutputLayer(lname, n, rows, new OutputWeights.Binary(m), null, null, q, Readout.HIGHEST_SET_BIT);
    }

    /** Word counts and matrix sizes must agree with the folding. */
    void checkFolding(HwLayer hw, String lname) {
      String where = lname + " (" + hw.hwName() + ")";
      if (hw.mw() % hw.simd() != 0)
        throw err("config.h", lname, where + ": the matrix width " + hw.mw() + " is not a multiple of SIMD = " + hw.simd());
      if (hw.mh() % hw.pe() != 0)
        throw err("config.h", lname, where + ": the matrix height " + hw.mh() + " is not a multiple of PE = " + hw.pe());
      if (hw.simd() > 64)
        throw err("config.h", lname, where + ": SIMD = " + hw.simd() + " does not fit one 64-bit weight word");
      if (hw.kind() == Kind.CONV && hw.ifmCh() % hw.simd() != 0)
        throw err("config.h", lname, where + ": IFM_CH = " + hw.ifmCh() + " is not a multiple of SIMD = " + hw.simd());
      long wmem = (long) hw.nf() * hw.sf();
      if (hw.wmem() != wmem)
        throw err("config.h", lname, where + ": " + hw.hwName() + "_WMEM = " + hw.wmem() + " but (MH/PE)*(MW/SIMD) = " + hw.nf() + "*" + hw.sf() + " = " + wmem);
      if (hw.tmem() != hw.nf())
        throw err("config.h", lname, where + ": " + hw.hwName() + "_TMEM = " + hw.tmem() + " but MH/PE = " + hw.nf());
    }

    PackedBits weights(HwLayer hw, String lname) throws IOException {
      long[][] pes = new long[hw.pe()][];
      for (int p = 0; p < hw.pe(); p++) {
        String f = FoldedMemory.weightsFile(hw.index(), p);
        long[] w = readWords(f, hw, lname, hw.wmem(), hw.hwName() + "_WMEM = (MH/PE)*(MW/SIMD) = " + hw.nf() + "*" + hw.sf());
        for (int i = 0; i < w.length; i++) {
          long above = FoldedMemory.bitsAboveSimd(w[i], hw.simd());
          if (above != 0)
            throw err(f, lname, "word " + i + " = 0x" + Long.toHexString(w[i]) + " has bits above SIMD = " + hw.simd()
                + " set (0x" + Long.toHexString(above) + "); each word holds SIMD synapses in its low bits");
        }
        pes[p] = w;
      }
      checkNoExtraPe(FoldedMemory.weightsFile(hw.index(), hw.pe()), hw, lname);
      return FoldedMemory.unpackWeights(pes, hw.mh(), hw.mw(), hw.simd(), hw.pe());
    }

    /** Padded columns (first layer) and rows (last layer) must hold BNN-PYNQ's padding so that dropping them is exact and the export restores them. */
    void checkPadding(PackedBits full, HwLayer hw, String lname, int cols, int rows) {
      for (int r = 0; r < hw.mh(); r++)
        for (int c = r < rows ? cols : 0; c < hw.mw(); c++)
          if (!full.bit(r, c)) {
            int p = r % hw.pe();
            throw err(FoldedMemory.weightsFile(hw.index(), p), lname, (r < rows ? "padded column " + c + " (beyond the " + cols + " real inputs)"
                : "padded row " + r + " (beyond the " + rows + " classes)") + " of row " + r + " has weight bit 0 (in PE " + p + " word "
                + ((r / hw.pe()) * hw.sf() + c / hw.simd()) + " bit " + (c % hw.simd()) + "); BNN-PYNQ pads weights with 1");
          }
    }

    Quantizer thresholds(HwLayer hw, String lname, int rows, int mh, AccumulatorRange range, ThresholdRule rule) throws IOException {
      if (hw.api() != 1)
        throw err("config.h", lname, lname + " (" + hw.hwName() + "): " + hw.hwName() + "_API = " + hw.api() + "; only one threshold per neuron (1-bit activations) is supported");
      long[][] pes = new long[hw.pe()][];
      for (int p = 0; p < hw.pe(); p++)
        pes[p] = readWords(FoldedMemory.thresholdsFile(hw.index(), p), hw, lname, hw.tmem(), hw.hwName() + "_TMEM = MH/PE = " + hw.nf());
      checkNoExtraPe(FoldedMemory.thresholdsFile(hw.index(), hw.pe()), hw, lname);
      long[] raw = FoldedMemory.unpackThresholds(pes, mh, hw.pe());
      for (int r = rows; r < mh; r++)
        if (raw[r] != BnnPynqConventions.PADDED_ROW_THRESHOLD)
          throw err(FoldedMemory.thresholdsFile(hw.index(), r % hw.pe()), lname, "padded row " + r + " has threshold " + raw[r]
              + ", expected BNN-PYNQ's " + BnnPynqConventions.PADDED_ROW_THRESHOLD + " (never fires)");
      int[] t = new int[rows];
      int clamped = 0, notRecoverable = 0;
      for (int r = 0; r < rows; r++) {
        long v = rule.modelThreshold(raw[r]);
        // Beyond the accumulator range a threshold means "always" or "never": the range's end says the same.
        long c = Math.max(range.min(), Math.min(range.max() + 1, v));
        if (c != v) clamped++;
        t[r] = Math.toIntExact(c);
        Long back = rule.canonicalRaw(c);
        if (back == null || back != raw[r]) notRecoverable++;
      }
      notes.add(lname + ": thresholds " + rule + (clamped > 0 ? "; " + clamped + " clamped to the accumulator range [" + range.min() + ", " + (range.max() + 1) + "] with the same meaning" : ""));
      if (notRecoverable > 0) {
        StringJoiner sj = new StringJoiner(",");
        for (int r = 0; r < rows; r++) sj.add(Long.toString(raw[r]));
        metadata.put(BnnPynqConventions.META_RAW_THRESHOLDS + lname, sj.toString());
        notes.add(lname + ": " + notRecoverable + " of " + rows + " raw thresholds are not determined by the model's t"
            + " (bits the comparison ignores, or clamped or wrapped values); all " + rows + " are kept in metadata "
            + BnnPynqConventions.META_RAW_THRESHOLDS + lname + " for a byte-exact export");
      }
      return Quantizer.ascending(rows, 1, t);
    }

    ThresholdRule ruleOf(HwLayer hw) {
      int accFrac = hw.input() == null ? 0 : hw.input().fracBits();
      return new ThresholdRule(accFrac, hw.thresholdStore(), hw.thresholdFileFrac());
    }

    // ---- files ----

    long[] readWords(String fileName, HwLayer hw, String lname, int expected, String why) throws IOException {
      Path p = dir.resolve(fileName);
      if (!Files.exists(p))
        throw new NoSuchFileException(p.toString(), null, "missing PE file of layer " + lname + " (" + hw.hwName() + "): config.h has "
            + hw.hwName() + "_PE = " + hw.pe() + ", so PE files 0.." + (hw.pe() - 1) + " are expected");
      byte[] b = Files.readAllBytes(p);
      if (b.length != expected * 8L)
        throw err(fileName, lname, "has " + b.length + " bytes" + (b.length % 8 == 0 ? " = " + b.length / 8 + " words" : " (not whole 64-bit words)")
            + ", expected " + expected + " words: " + why);
      return FoldedMemory.readWords(b);
    }

    /** A file for PE number {@code PE} means the files were made with another folding than config.h's. */
    void checkNoExtraPe(String fileName, HwLayer hw, String lname) {
      if (Files.exists(dir.resolve(fileName)))
        throw err(fileName, lname, "exists, but config.h has " + hw.hwName() + "_PE = " + hw.pe()
            + " (PEs 0.." + (hw.pe() - 1) + "): the parameter files were made for another folding");
    }

    String readText(String fileName, String what) throws IOException {
      Path p = dir.resolve(fileName);
      if (!Files.exists(p)) throw new NoSuchFileException(p.toString(), null, "missing " + fileName + " (" + what + ") of BNN-PYNQ network " + netName);
      return Files.readString(p, StandardCharsets.UTF_8);
    }

    List<String> classNames(String text) {
      List<String> names = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
      if (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) names.remove(names.size() - 1);
      if (names.isEmpty()) throw err("classes.txt", null, "has no class names");
      for (int i = 0; i < names.size(); i++)
        if (names.get(i).isBlank()) throw err("classes.txt", null, "line " + (i + 1) + " is empty");
      return names;
    }

    String file(String fileName) { return dir.resolve(fileName).toString(); }

    ModelException err(String fileName, String layer, String msg) { return new ModelException(file(fileName), "", layer, msg, null); }
  }
}
