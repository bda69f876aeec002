package org.xnorkit.model.bnnpynq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xnorkit.model.AccumulatorRange;
import org.xnorkit.model.Folding;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Plan;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.io.AtomicFiles;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.LayerVisitor;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;

/**
 * Writes a model in BNN-PYNQ's parameter format, folded by a plan: per compute layer i and PE p
 * {@code i-p-weights.bin} and (unless the layer is pass-through) {@code i-p-thres.bin}, plus a
 * finnthesizer-style {@code config.h} and {@code classes.txt}. {@code top.cpp} is hand-written HLS
 * in BNN-PYNQ and is not produced.
 *
 * <p>The reverse of {@link BnnPynqImporter}, with finnthesizer's padding: the first layer's columns
 * to a multiple of max(SIMD, 64) (the host's 64-bit input words), the last layer's rows to a
 * multiple of max(PE, 64), other rows to a multiple of PE; padded weights are 1 bits and padded rows'
 * thresholds 32767. Thresholds are the raw values kept in {@code bnnpynq.rawThresholds.<layer>}
 * where they still agree with the model, else {@link ThresholdRule#canonicalRaw}. A channel with
 * direction −1 is written with its weight row negated (the board only fires on "greater"):
 * acc' = n − acc on bits, −acc on int8 codes, so acc ≤ t becomes acc' ≥ n − t (resp. −t).
 */
public final class BnnPynqExporter {
  private BnnPynqExporter() {}

  /** The files to write (name → bytes, in a stable order) and one line per decision worth telling. */
  public record Result(Map<String, byte[]> files, List<String> notes) {
    public Result {
      files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
      notes = List.copyOf(notes);
    }
  }

  /**
   * The BNN-PYNQ files of {@code net} folded by {@code plan}.
   *
   * @throws ModelException naming the layer (and plan path) of what BNN-PYNQ cannot express
   */
  public static Result export(Network net, Plan plan) {
    return new Run(net, plan).run();
  }

  /**
   * Writes {@code r}'s files into directory {@code dir}, replacing it atomically
   * ({@link AtomicFiles#writeDirectory}): a failure leaves the old directory as it was.
   */
  public static void write(Result r, Path dir) throws IOException {
    AtomicFiles.writeDirectory(dir, tmp -> {
      try {
        for (var e : r.files().entrySet()) Files.write(tmp.resolve(e.getKey()), e.getValue());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static final class Run {
    final Network net;
    final Plan plan;
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    final StringBuilder config = new StringBuilder();

    Run(Network net, Plan plan) {
      this.net = net;
      this.plan = plan;
    }

    Result run() {
      plan.validateAgainst(net);
      InputSpec in = net.input();
      if (!BnnPynqConventions.isHostPreprocessing(in))
        throw new ModelException("/input/table", null, "the input table is not BNN-PYNQ's host preprocessing for encoding "
            + in.encoding().name().toLowerCase() + " (" + (in.encoding() == InputSpec.Encoding.BITS ? "bit = p >= 128" : "q = min(127, floor((512p+255)/510) - 128)")
            + "); the board would see other inputs than the model");
      config.append("/**\n * Finnthesizer Config-File Generation\n *\n **/\n\n#ifndef __LAYER_CONFIG_H_\n#define __LAYER_CONFIG_H_\n\n");
      List<TensorType> types = net.tensorTypes();
      int hwIndex = 0;
      int streamWidth = types.get(0).size(); // elements (incl. padding) on the stream into the next layer
      boolean first = true;
      int lastCompute = -1;
      for (int i = 0; i < net.layers().size(); i++) if (net.layers().get(i).isCompute()) lastCompute = i;
      for (int i = 0; i < net.layers().size(); i++) {
        Layer layer = net.layers().get(i);
        TensorType t = types.get(i);
        if (t.domain() == TensorType.Domain.LEVELS && t.k() != 1)
          throw new ModelException("/layers/" + i, layer.name(), "reads " + t.k() + "-level activations; BNN-PYNQ's W1A1 networks carry 1-bit activations");
        if (layer instanceof MaxPoolLayer p) {
          if (p.kernel() != p.stride() || t.height() % p.kernel() != 0 || t.width() != t.height())
            throw new ModelException("/layers/" + i, p.name(), "StreamingMaxPool_Batch pools square images of a size divisible by the pool, with stride = kernel; found kernel "
                + p.kernel() + ", stride " + p.stride() + " on " + t);
          streamWidth = types.get(i + 1).size();
          continue;
        }
        if (layer instanceof FlattenLayer) continue;
        Folding f = plan.folding(layer.name());
        if (f == null) throw new ModelException("/foldings/" + layer.name(), layer.name(), "the plan has no folding for this layer (BNN-PYNQ needs PE and SIMD for every compute layer)");
        int mh = computeLayer(i, hwIndex++, layer, t, f, first, i == lastCompute, streamWidth);
        streamWidth = layer instanceof ConvLayer ? types.get(i + 1).size() : mh; // a conv streams its whole H×W×C output
        first = false;
      }
      config.append("#endif //__LAYER_CONFIG_H_\n");
      files.put("config.h", config.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String names = net.metadata().get(BnnPynqConventions.META_CLASS_NAMES);
      List<String> classes = new ArrayList<>();
      if (names != null) classes.addAll(Arrays.asList(names.split("\n", -1)));
      if (classes.size() != net.classes()) {
        if (names != null) notes.add("classNames in the metadata has " + classes.size() + " names for " + net.classes() + " classes; classes.txt lists the indices");
        classes.clear();
        for (int c = 0; c < net.classes(); c++) classes.add(Integer.toString(c));
      }
      files.put("classes.txt", BnnPynqConventions.classesText(classes).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      notes.add("top.cpp is hand-written HLS in BNN-PYNQ and is not written; config.h follows finnthesizer's format");
      return new Result(files, notes);
    }

    /** Writes one compute layer's files and config.h block; returns its padded matrix height MH. */
    int computeLayer(int i, int hw, Layer layer, TensorType in, Folding f, boolean first, boolean last, int streamWidth) {
      String at = "/layers/" + i;
      int pe = f.pe(), simd = f.simd();
      if (simd > 64) throw new ModelException("/foldings/" + layer.name() + "/simd", layer.name(), "SIMD = " + simd + " does not fit BNN-PYNQ's 64-bit weight words");
      Shape s = layer.accept(new LayerVisitor<Shape>() {
        @Override public Shape visitDense(DenseLayer d) { return new Shape(d.inputs(), d.outputs(), d.weights(), d.quantizer(), false); }
        @Override public Shape visitConv(ConvLayer c) {
          if (c.stride() != 1 || c.padding() != 0)
            throw new ModelException(at, c.name(), "BNN-PYNQ's ConvLayer_Batch has stride 1 and no padding; found stride " + c.stride() + ", padding " + c.padding());
          if (c.inChannels() % simd != 0)
            throw new ModelException("/foldings/" + c.name() + "/simd", c.name(), "SIMD = " + simd + " must divide the input channels (" + c.inChannels() + ") of a convolution");
          if (c.outChannels() % pe != 0)
            throw new ModelException("/foldings/" + c.name() + "/pe", c.name(), "PE = " + pe + " must divide the output channels (" + c.outChannels() + ") of a convolution");
          return new Shape(c.fanIn(), c.outChannels(), c.weights(), c.quantizer(), true);
        }
        @Override public Shape visitMaxPool(MaxPoolLayer p) { throw new IllegalStateException(); }
        @Override public Shape visitFlatten(FlattenLayer fl) { throw new IllegalStateException(); }
        @Override public Shape visitOutput(OutputLayer o) {
          if (!(o.weights() instanceof OutputWeights.Binary b))
            throw new ModelException(at + "/weights", o.name(), "BNN-PYNQ's last layer has binary weights; this one has integer weights");
          if (!o.isIdentityScale())
            throw new ModelException(at + "/scale", o.name(), "BNN-PYNQ's last layer returns raw popcounts (or bits of them); scale must be 1 and offset 0");
          if (o.thresholds() != null && o.readout() != Readout.HIGHEST_SET_BIT)
            throw new ModelException(at + "/readout", o.name(), "with class thresholds the board returns one bit per class and the host takes the highest set bit: readout must be highestSetBit");
          return new Shape(o.inputs(), o.classes(), b.bits(), o.thresholds(), false);
        }
      });
      if (!last && !(layer instanceof OutputLayer) && s.q.k() != 1)
        throw new ModelException(at + "/quantizer/k", layer.name(), "k = " + s.q.k() + "; BNN-PYNQ's W1A1 layers have one threshold per neuron");
      boolean int8 = in.domain() == TensorType.Domain.INT8;
      // finnthesizer's padding (see the class comment).
      int mw = s.conv ? s.cols : first ? BnnPynqConventions.padTo(s.cols, Math.max(simd, BnnPynqConventions.AXI_PAD)) : streamWidth;
      int mh = last ? BnnPynqConventions.padTo(s.rows, Math.max(pe, BnnPynqConventions.AXI_PAD)) : BnnPynqConventions.padTo(s.rows, pe);
      if (mw % simd != 0)
        throw new ModelException("/foldings/" + layer.name() + "/simd", layer.name(), "SIMD = " + simd + " does not divide the " + mw
            + " inputs on this layer's stream" + (mw != s.cols ? " (" + s.cols + " padded by the previous layer's PE)" : ""));
      if (mw < s.cols) throw new IllegalStateException(layer.name() + ": stream narrower than the layer");

      // Direction −1 channels: negate the row (see the class comment).
      int[] dirs = s.q == null ? null : s.q.directions();
      int negated = 0;
      if (dirs != null) for (int d : dirs) if (d < 0) negated++;
      final int[] fdirs = dirs;
      PackedBits padded = PackedBits.of(mh, mw, (r, c) -> r >= s.rows || c >= s.cols || (s.w.bit(r, c) ^ (fdirs != null && fdirs[r] < 0)));
      long[][] wpes = FoldedMemory.packWeights(padded, simd, pe);
      for (int p = 0; p < pe; p++) files.put(FoldedMemory.weightsFile(hw, p), FoldedMemory.toBytes(wpes[p]));
      if (negated > 0) notes.add(layer.name() + ": " + negated + " channels with direction -1 are written with negated weights and mirrored thresholds");

      boolean passThrough = s.q == null;
      if (!passThrough) {
        ThresholdRule rule = int8
            ? new ThresholdRule(BnnPynqConventions.FIXED_INPUT.fracBits(), BnnPynqConventions.FIXED_THRESHOLD_STORE, BnnPynqConventions.FIXED_THRESHOLD_FILE_FRAC)
            : new ThresholdRule(0, BnnPynqConventions.BINARY_THRESHOLD_STORE, 0);
        long[] raw = thresholds(layer.name(), at, s, rule, AccumulatorRange.binary(in, s.cols), mh, int8);
        long[][] tpes = FoldedMemory.packThresholds(raw, pe);
        for (int p = 0; p < pe; p++) files.put(FoldedMemory.thresholdsFile(hw, p), FoldedMemory.toBytes(tpes[p]));
      } else {
        notes.add(layer.name() + ": pass-through (no thresholds): the board returns the 16-bit popcounts");
      }
      int api = passThrough ? BnnPynqConventions.PASS_THROUGH_API : 1;
      int wmem = (mh / pe) * (mw / simd), tmem = mh / pe;
      if (layer instanceof ConvLayer c) {
        int ofm = c.outSize(in.height());
        convDefines(hw, c.kernel(), c.inChannels(), in.height(), c.outChannels(), ofm, simd, pe, wmem, tmem, api);
      } else {
        fcDefines(hw, simd, pe, wmem, tmem, mw, mh, api);
      }
      return mh;
    }

    /** Raw file thresholds of the padded rows; {@code int8}: the accumulator is Σ w·q over int8 codes. */
    long[] thresholds(String name, String at, Shape s, ThresholdRule rule, AccumulatorRange range, int mh, boolean int8) {
      long[] raw = new long[mh];
      Arrays.fill(raw, BnnPynqConventions.PADDED_ROW_THRESHOLD);
      String kept = net.metadata().get(BnnPynqConventions.META_RAW_THRESHOLDS + name);
      long[] keptRaw = null;
      if (kept != null) {
        String[] parts = kept.split(",");
        if (parts.length != s.rows)
          throw new ModelException("/metadata/" + BnnPynqConventions.META_RAW_THRESHOLDS + name, name, "has " + parts.length + " values, expected one per channel = " + s.rows);
        keptRaw = new long[parts.length];
        for (int r = 0; r < parts.length; r++) {
          try { keptRaw[r] = Long.parseLong(parts[r].trim()); }
          catch (NumberFormatException e) {
            throw new ModelException("/metadata/" + BnnPynqConventions.META_RAW_THRESHOLDS + name, name, "value " + r + " '" + parts[r] + "' is not an integer");
          }
        }
      }
      int fromMeta = 0, stale = 0;
      for (int r = 0; r < s.rows; r++) {
        long t = s.q.threshold(r, 0);
        if (s.q.direction(r) < 0) t = int8 ? -t : (long) s.cols - t; // the mirrored threshold of the negated row
        if (keptRaw != null && s.q.direction(r) > 0) {
          long back = Math.max(range.min(), Math.min(range.max() + 1, rule.modelThreshold(keptRaw[r])));
          if (back == t) { raw[r] = keptRaw[r]; fromMeta++; continue; }
          stale++;
        }
        Long c = rule.canonicalRaw(t);
        if (c == null)
          throw new ModelException(at + "/quantizer/thresholds/" + r, name, "threshold " + t + " has no exact BNN-PYNQ value (" + rule + ")");
        raw[r] = c;
      }
      if (fromMeta > 0) notes.add(name + ": " + fromMeta + " raw thresholds taken from metadata " + BnnPynqConventions.META_RAW_THRESHOLDS + name);
      if (stale > 0) notes.add(name + ": " + stale + " raw thresholds in metadata no longer match the model; written from the model's thresholds instead");
      return raw;
    }

    void convDefines(int l, int k, int ich, int idim, int och, int odim, int simd, int pe, int wmem, int tmem, int api) {
      String p = "L" + l;
      long ops = 2L * ich * och * k * k * odim * odim;
      long lat = ops / (2L * simd * pe);
      config.append(String.format("/**\n * Convolutional Layer %s:\n *      IFM  = %5d  IFM_CH = %5d\n *      OFM  = %5d  OFM_CH = %5d\n"
          + " *     SIMD  = %5d    PE   = %5d\n *     WMEM  = %5d   TMEM  = %5d\n *     #Ops  = %5d   Ext Latency  = %5d\n**/\n",
          p, idim, ich, odim, och, simd, pe, wmem, tmem, ops, lat));
      define(p, "K", k); define(p, "IFM_CH", ich); define(p, "IFM_DIM", idim); define(p, "OFM_CH", och); define(p, "OFM_DIM", odim);
      define(p, "SIMD", simd); define(p, "PE", pe); define(p, "WMEM", wmem); define(p, "TMEM", tmem);
      precision(p, api);
    }

    void fcDefines(int l, int simd, int pe, int wmem, int tmem, int mw, int mh, int api) {
      String p = "L" + l;
      long ops = 2L * mw * mh;
      long lat = ops / (2L * simd * pe);
      config.append(String.format("/**\n * Fully-Connected Layer %s:\n *     MatW = %5d MatH = %5d\n *     SIMD = %5d  PE  = %5d\n"
          + " *     WMEM = %5d TMEM = %5d\n *     #Ops  = %5d   Ext Latency  = %5d\n**/\n", p, mw, mh, simd, pe, wmem, tmem, ops, lat));
      define(p, "SIMD", simd); define(p, "PE", pe); define(p, "WMEM", wmem); define(p, "TMEM", tmem); define(p, "MW", mw); define(p, "MH", mh);
      precision(p, api);
    }

    void precision(String p, int api) {
      define(p, "WPI", 1); define(p, "API", api); define(p, "WPF", 0);
      config.append("\n#define ").append(p).append("_APF 0\n\n");
    }

    void define(String p, String key, long v) { config.append("\n#define ").append(p).append('_').append(key).append(' ').append(v); }
  }

  /** A compute layer's matrix: real rows × cols, its weights and thresholds (null: pass-through). */
  private record Shape(int cols, int rows, PackedBits w, Quantizer q, boolean conv) {}
}
