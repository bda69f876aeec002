package org.xnorkit.hwgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.xnorkit.hwgen.plan.LayerPlan;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.hwgen.plan.CostModel;
import org.xnorkit.hwgen.rtl.AcceleratorParams;
import org.xnorkit.hwgen.rtl.Emit;
import org.xnorkit.hwgen.rtl.InputParams;
import org.xnorkit.hwgen.rtl.MvtuParams;
import org.xnorkit.hwgen.rtl.MvtuUnit;
import org.xnorkit.hwgen.rtl.ConvUnit;
import org.xnorkit.hwgen.rtl.PoolUnit;
import org.xnorkit.hwgen.rtl.SerialUnit;
import org.xnorkit.hwgen.rtl.SerializerParams;
import org.xnorkit.hwgen.rtl.SwuParams;
import org.xnorkit.hwgen.rtl.OutputParams;
import org.xnorkit.hwgen.rtl.StreamShape;
import org.xnorkit.hwgen.rtl.UnitParams;
import org.xnorkit.model.AccumulatorRange;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.io.AtomicFiles;
import org.xnorkit.model.json.ModelJson;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;

/**
 * Model + resolved plan → design folder: one SystemVerilog file per module (top {@code Accelerator}),
 * the weight memory files ($readmemh, relative names), {@code filelist.f} (compile order) and
 * {@code manifest.json}. The folder is written atomically; two runs give byte-identical output.
 */
public final class Generator {
  /** Macro that firtool puts around every $readmemh: every consumer must define it. */
  public static final String MEMORY_INIT_DEFINE = "ENABLE_INITIAL_MEM_";
  public static final String TOP = "Accelerator";

  private final Consumer<String> progress;

  /** @param progress receives one line per stage (may be a no-op) */
  public Generator(Consumer<String> progress) { this.progress = progress; }

  public static String version() {
    String v = Generator.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /** Generates the design for {@code net} with {@code plan} into {@code outDir} (replaced atomically); returns its manifest. */
  public Manifest generate(Network net, ResolvedPlan plan, Path outDir) throws IOException {
    Design d = design(net, plan);
    Manifest[] result = new Manifest[1];
    AtomicFiles.writeDirectory(outDir, dir -> {
      try {
        progress.accept("gen: writing " + d.memories.size() + " weight memory files");
        for (MemoryFile m : d.memories) Files.writeString(dir.resolve(m.name), m.text, StandardCharsets.US_ASCII);
        progress.accept("gen: elaborating and running firtool");
        long t0 = System.nanoTime();
        Emit.accelerator(d.params, dir.toString());
        progress.accept(String.format("gen: firtool done (%.1f s)", (System.nanoTime() - t0) / 1e9));
        List<String> files = svFiles(dir);
        Files.writeString(dir.resolve("filelist.f"), String.join("\n", files) + "\n", StandardCharsets.US_ASCII);
        result[0] = manifest(net, plan, files, d.memories.stream().map(m -> m.name).toList());
        Files.writeString(dir.resolve(Manifest.FILE_NAME), result[0].toJson(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return result[0];
  }

  /** firtool's file list (leaves first, top last), checked against the folder: only .sv files, each named after its module. */
  private static List<String> svFiles(Path dir) throws IOException {
    Path fl = dir.resolve("filelist.f");
    List<String> listed = new ArrayList<>();
    for (String line : Files.readAllLines(fl, StandardCharsets.UTF_8)) if (!line.isBlank()) listed.add(line.trim());
    try (Stream<Path> s = Files.list(dir)) {
      List<String> present = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sv") || n.endsWith(".v")).sorted().toList();
      if (!present.stream().sorted().toList().equals(listed.stream().sorted().toList()))
        throw new IllegalStateException("firtool wrote " + present + " but listed " + listed);
    }
    return listed;
  }

  /**
   * The Chisel parameters of the design for {@code net} and {@code plan}: what the RTL is built
   * from, and so what the cycle simulator models.
   */
  public static AcceleratorParams parameters(Network net, ResolvedPlan plan) { return design(net, plan).params; }

  private record MemoryFile(String name, String text) {}

  private record Design(AcceleratorParams params, List<MemoryFile> memories) {}

  /** The Chisel parameters of the whole design, and the memory files they name. */
  static Design design(Network net, ResolvedPlan plan) {
    List<TensorType> types = net.tensorTypes();
    List<MemoryFile> memories = new ArrayList<>();
    List<UnitParams> units = new ArrayList<>();
    List<Integer> fifo = new ArrayList<>();
    TensorType inType = types.get(0);
    int inElemBits = inType.domain() == TensorType.Domain.INT8 ? 8 : 1;
    InputParams input = new InputParams(plan.inputBusBits() / 8, net.input().channels(), plan.pixelsPerBeat(), inElemBits, net.input().table());
    StreamShape stream = new StreamShape(inElemBits, plan.pixelsPerBeat() * net.input().channels(), inType.size(), 1);
    // A pixel stream carries one pixel (stream.rowElems() channels) per vector, streamPixels vectors per image.
    // The input unit's stream is one vector of the whole image: a pixel stream only for a 1×1 image.
    boolean pixelStream = inType.height() * inType.width() == 1;
    int streamPixels = 1;
    OutputParams output = null;
    for (LayerPlan lp : plan.layers()) {
      Layer layer = net.layers().get(lp.index());
      TensorType in = types.get(lp.index()), out = types.get(lp.index() + 1);
      if (layer instanceof FlattenLayer) continue; // the stream already is HWC order
      int elemBits = in.domain() == TensorType.Domain.INT8 ? 8 : in.k();
      boolean int8 = in.domain() == TensorType.Domain.INT8;
      if (stream.elemBits() != elemBits) throw new IllegalStateException(lp.name() + ": stream carries " + stream.elemBits() + "-bit elements, layer reads " + elemBits);
      boolean window = layer instanceof ConvLayer || layer instanceof MaxPoolLayer;
      if (window) {
        if (!pixelStream && plan.pixelsPerBeat() == 1) {
          // one pixel per input beat already: the input unit's beats are the pixel stream
          stream = new StreamShape(elemBits, inType.channels(), inType.channels(), 1);
          pixelStream = true;
          streamPixels = inType.height() * inType.width();
        } else if (!pixelStream) {
          SerializerParams sp = new SerializerParams(inType.height() * inType.width(), inType.channels(), elemBits, plan.pixelsPerBeat());
          units.add(new SerialUnit(sp));
          fifo.add(Planner.DEFAULT_FIFO_DEPTH);
          stream = sp.out();
          pixelStream = true;
          streamPixels = inType.height() * inType.width();
        }
        if (stream.rowElems() != in.channels() || streamPixels != in.height() * in.width())
          throw new ModelException("/layers/" + lp.index() + "/kind", layer.name(), "hwgen cannot generate a " + layer.kind()
              + " that reads a flattened spatial tensor (its stream has " + streamPixels + " pixels of " + stream.rowElems() + " channels)");
      }
      if (layer instanceof MaxPoolLayer mp) {
        SwuParams sp = new SwuParams(mp.name(), in.height(), in.width(), in.channels(), elemBits, stream.beatElems(), mp.kernel(), mp.stride(), 0, 0);
        PoolUnit pu = new PoolUnit(sp);
        units.add(pu);
        fifo.add(lp.fifoDepth());
        stream = pu.out();
        streamPixels = out.height() * out.width();
        continue;
      }
      int acc = Planner.accBits(layer, in);
      PackedBits weights;
      Quantizer q;
      SwuParams swu = null;
      if (layer instanceof DenseLayer dl) { weights = dl.weights(); q = dl.quantizer(); }
      else if (layer instanceof ConvLayer cl) {
        weights = cl.weights();
        q = cl.quantizer();
        swu = new SwuParams(cl.name(), in.height(), in.width(), in.channels(), elemBits, stream.beatElems(), cl.kernel(), cl.stride(),
            cl.padding(), padElement(cl.padValue(), in));
      } else if (layer instanceof OutputLayer ol) {
        if (!(ol.weights() instanceof OutputWeights.Binary b))
          throw new ModelException("/layers/" + lp.index() + "/intWeights", ol.name(), "hwgen cannot generate integer output weights yet (binary weights only)");
        weights = b.bits();
        q = null;
      } else throw new ModelException("/layers/" + lp.index() + "/kind", layer.name(), "hwgen cannot generate " + layer.kind() + " layers");
      String[] files = new String[lp.pe()];
      for (int p = 0; p < lp.pe(); p++) {
        files[p] = lp.name() + "_w_pe" + p + ".hex";
        memories.add(new MemoryFile(files[p], weightMemory(weights, lp, p)));
      }
      int k = q == null ? 0 : q.k();
      long[] thr = new long[q == null ? 0 : lp.paddedOutputs() * k];
      boolean[] dir = new boolean[q == null ? 0 : lp.paddedOutputs()];
      if (q != null)
        for (int n = 0; n < lp.paddedOutputs(); n++) {
          dir[n] = n >= lp.outputs() || q.direction(n) > 0;
          for (int j = 0; j < k; j++)
            thr[n * k + j] = n >= lp.outputs() ? 0 : q.direction(n) > 0 ? q.threshold(n, j) : q.threshold(n, k - 1 - j);
        }
      // Dense and output layers read the whole tensor as one vector: the stream's pixels become its rows.
      StreamShape mvtuIn = swu != null ? swu.out() : pixelStream
          ? new StreamShape(elemBits, stream.beatElems(), stream.rowElems(), streamPixels) : stream;
      MvtuParams mp = new MvtuParams(lp.name(), mvtuIn, int8, int8 ? 1 : in.k(), lp.chunkRows(), lp.rowElems(), lp.simd(), lp.pe(),
          lp.outputs(), acc, k, thr, dir, files, 3, CostModel.PE_GROUP);
      units.add(swu != null ? new ConvUnit(swu, mp) : new MvtuUnit(mp));
      fifo.add(lp.fifoDepth());
      stream = mp.out();
      pixelStream = true;
      streamPixels = swu != null ? swu.outH() * swu.outW() : 1;
      if (layer instanceof OutputLayer ol) output = outputParams(ol, in, stream, plan);
    }
    fifo.add(plan.outputFifoDepth());
    AcceleratorParams params = new AcceleratorParams(input, units.toArray(new UnitParams[0]), output,
        fifo.stream().mapToInt(Integer::intValue).toArray());
    return new Design(params, memories);
  }

  /** The bits of a pad element of signed value {@code padValue}: a bit, K thermometer planes of level (v+K)/2, or an int8 code. */
  static int padElement(int padValue, TensorType in) {
    if (in.domain() == TensorType.Domain.INT8) return padValue & 0xff;
    int level = (padValue + in.k()) / 2;
    return (1 << level) - 1; // plane j set iff level > j
  }

  private static OutputParams outputParams(OutputLayer o, TensorType in, StreamShape stream, ResolvedPlan plan) {
    int c = o.classes();
    long[] scale = new long[c], offset = new long[c], thr = new long[c];
    boolean[] dir = new boolean[c];
    int sb = Planner.scoreBits(o, in);
    AccumulatorRange acc = AccumulatorRange.of(o, in);
    for (int i = 0; i < c; i++) {
      scale[i] = o.scale(i);
      offset[i] = o.offset(i);
      if (o.thresholds() != null) {
        AccumulatorRange s = acc.scaled(o.scale(i), o.offset(i));
        dir[i] = o.thresholds().direction(i) > 0;
        // Thresholds past the score range mean always/never: clamp them to one past the range (same bits).
        thr[i] = Math.max(s.min() - 1, Math.min(s.max() + 1, o.thresholds().threshold(i, 0)));
      }
    }
    return new OutputParams(stream, c, scale, offset, sb, Planner.scoreBytes(sb), o.thresholds() != null, thr, dir,
        o.readout() == org.xnorkit.model.layer.Readout.HIGHEST_SET_BIT, plan.outputBusBits() / 8);
  }

  /**
   * The $readmemh text of PE {@code p}: word nf·sf + s (one line, hex, MSB first), bit l = the weight
   * of neuron nf·pe + p at lane l of chunk s; lanes past a row and padded neurons are 0.
   */
  static String weightMemory(PackedBits w, LayerPlan lp, int p) {
    int cf = lp.sf() / lp.chunkRows();
    int digits = (lp.simd() + 3) / 4;
    StringBuilder sb = new StringBuilder(lp.nf() * lp.sf() * (digits + 1));
    char[] line = new char[digits];
    for (int n = 0; n < lp.nf(); n++) {
      int row = n * lp.pe() + p;
      for (int s = 0; s < lp.sf(); s++) {
        java.util.Arrays.fill(line, '0');
        if (row < lp.outputs()) {
          int pos = s / cf, base = (s % cf) * lp.simd();
          for (int l = 0; l < lp.simd() && base + l < lp.rowElems(); l++)
            if (w.bit(row, pos * lp.rowElems() + base + l)) {
              int d = digits - 1 - l / 4;
              line[d] = Character.forDigit(Character.digit(line[d], 16) | 1 << (l % 4), 16);
            }
        }
        sb.append(line).append('\n');
      }
    }
    // the memory has at least 2 words (see MvtuParams.memDepth)
    for (int pad = lp.nf() * lp.sf(); pad < 2; pad++) sb.append("0".repeat(digits)).append('\n');
    return sb.toString();
  }

  public static Manifest manifest(Network net, ResolvedPlan plan, List<String> files, List<String> memories) {
    OutputLayer o = net.output();
    TensorType oin = net.inputType(net.layers().size() - 1);
    int sb = Planner.scoreBits(o, oin);
    Manifest.OutputRecord rec = new Manifest.OutputRecord(o.classes(), Planner.recordBytes(o, oin),
        o.thresholds() == null ? 0 : (o.classes() + 31) / 32, Planner.scoreBytes(sb), sb, o.thresholds() != null, o.readout().json());
    List<Manifest.Layer> layers = new ArrayList<>();
    for (LayerPlan l : plan.layers())
      layers.add(new Manifest.Layer(l.name(), l.kind(), l.pe(), l.simd(), l.nf(), l.sf(), l.outputs(), l.paddedOutputs(),
          l.chunkRows(), l.rowElems(), l.paddedRowElems(), l.vectors(), l.fifoDepth(), l.estimate().cyclesPerImage(),
          l.estimate().latencyCycles(), l.estimate().luts(), l.estimate().ffs(), l.estimate().bram18()));
    return new Manifest(Manifest.FORMAT, version(), net.name(), ModelJson.contentHash(net), plan.source(), TOP, files, memories,
        List.of(MEMORY_INIT_DEFINE), new Manifest.Ports("clock", "aresetn", "s_axis", "m_axis"),
        net.input().height(), net.input().width(), net.input().channels(), plan.inputBusBits(), plan.outputBusBits(),
        plan.pixelsPerBeat(), plan.inputBeatsPerImage(), plan.outputBeatsPerImage(), rec, plan.cyclesPerImage(),
        plan.cyclesPerImage(), plan.latencyCycles(), layers, plan.outputFifoDepth(),
        new Manifest.Estimate(plan.total().luts(), plan.total().ffs(), plan.total().bram18(), CostModel.DESCRIPTION), plan.warnings(),
        plan.units().stream().map(u -> new Manifest.UnitEstimate(u.module(), u.feeds(), u.estimate().luts(), u.estimate().ffs(), u.estimate().bram18()))
            .toList());
  }
}
