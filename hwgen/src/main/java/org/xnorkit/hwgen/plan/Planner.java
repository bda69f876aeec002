package org.xnorkit.hwgen.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xnorkit.model.AccumulatorRange;
import org.xnorkit.model.Folding;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.LayerVisitor;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;

/**
 * Turns a (possibly partial) {@link Plan} into a {@link ResolvedPlan}: checks foldings, pads
 * foldings that do not divide, fills in missing foldings automatically, picks bus widths and
 * FIFO depths, and estimates every unit.
 *
 * <p>Automatic folding: for a target of T cycles per image, each compute layer gets the smallest
 * pe·simd whose nf·sf·vectors ≤ T (ties: fewer cycles, then less padding, then wider simd), so no
 * layer is needlessly fast. Without a target the planner takes the fastest plan whose compute
 * layers together use at most {@value #DEFAULT_LANE_BUDGET} lanes (Σ pe·simd).
 */
public final class Planner {
  private Planner() {}

  /** Lane budget (Σ pe·simd) of the automatic plan when no target is given. */
  public static final int DEFAULT_LANE_BUDGET = 4096;
  /** Depth of every inter-unit FIFO unless the plan says otherwise: MVTUs double-buffer their input vector, so 2 keep one beat per cycle. */
  public static final int DEFAULT_FIFO_DEPTH = 2;
  public static final int DEFAULT_OUTPUT_BUS_BITS = 64;
  private static final int MAX_BUS_BYTES = 64;

  private static final Pattern FOLD = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*):(.*)");

  /** Parses {@code --fold LAYER:pe=P,simd=S} options. */
  public static Map<String, Folding> parseFolds(List<String> specs) {
    Map<String, Folding> out = new TreeMap<>();
    for (String spec : specs) {
      Matcher m = FOLD.matcher(spec.trim());
      if (!m.matches()) throw new ModelException("--fold " + spec, null, "expected LAYER:pe=P,simd=S");
      Integer pe = null, simd = null;
      for (String kv : m.group(2).split(",")) {
        String[] p = kv.trim().split("=", 2);
        if (p.length != 2) throw new ModelException("--fold " + spec, m.group(1), "'" + kv + "' is not key=value (expected pe=P,simd=S)");
        int v;
        try { v = Integer.parseInt(p[1].trim()); } catch (NumberFormatException e) {
          throw new ModelException("--fold " + spec, m.group(1), "'" + p[1] + "' is not an integer");
        }
        switch (p[0].trim()) {
          case "pe" -> pe = v;
          case "simd" -> simd = v;
          default -> throw new ModelException("--fold " + spec, m.group(1), "unknown key '" + p[0] + "' (expected pe and simd)");
        }
      }
      if (pe == null || simd == null) throw new ModelException("--fold " + spec, m.group(1), "needs both pe=P and simd=S");
      out.put(m.group(1), folding(m.group(1), pe, simd, "--fold " + spec));
    }
    return out;
  }

  /** Cycles per image for a frame rate at a clock: ⌊clock·10⁶ / fps⌋. */
  public static long targetCycles(double fps, double clockMhz) {
    if (!(fps > 0) || !(clockMhz > 0)) throw new IllegalArgumentException("--target-fps (" + fps + ") and --clock-mhz (" + clockMhz + ") must be > 0");
    long t = (long) Math.floor(clockMhz * 1e6 / fps);
    if (t < 1) throw new IllegalArgumentException(fps + " images/s at " + clockMhz + " MHz is less than one cycle per image");
    return t;
  }

  /**
   * Resolves {@code plan} for {@code net}. Compute layers the plan does not fold are folded
   * automatically: for {@code targetCycles} when it is &gt; 0, else within the default lane budget.
   */
  public static ResolvedPlan resolve(Network net, Plan plan, long targetCycles, String source) {
    plan.validateAgainst(net);
    List<Geometry> geo = geometries(net);
    Map<String, Folding> folds = new LinkedHashMap<>(plan.foldings());
    boolean missing = geo.stream().anyMatch(g -> g.compute() && !folds.containsKey(g.name));
    String src = source;
    List<String> warnings = new ArrayList<>();
    if (missing) {
      long target = targetCycles > 0 ? targetCycles : budgetTarget(geo, folds);
      for (Geometry g : geo)
        if (g.compute() && !folds.containsKey(g.name)) {
          Folding f = automatic(g, target);
          if (g.cycles(f) > target)
            warnings.add("layer '" + g.name + "': cannot reach " + target + " cycles per image even fully parallel (pe=" + f.pe() + ", simd=" + f.simd() + ": " + g.cycles(f) + " cycles)");
          folds.put(g.name, f);
        }
      src = (plan.foldings().isEmpty() ? "" : source + " + ") + "automatic " + (targetCycles > 0 ? "for " + targetCycles + " cycles per image" : "within " + DEFAULT_LANE_BUDGET + " lanes (fastest)");
    }
    return build(net, geo, folds, plan, src, warnings);
  }

  /** The folding of the automatic plan for one layer: smallest pe·simd meeting the target. */
  static Folding automatic(Geometry g, long target) {
    Folding best = null;
    long bestLanes = Long.MAX_VALUE, bestCycles = Long.MAX_VALUE, bestPad = Long.MAX_VALUE;
    for (int pe : minimalLanes(g.outputs))
      for (int simd : minimalLanes(g.rowElems)) {
        Folding f = new Folding(pe, simd);
        long cycles = g.cycles(f);
        long lanes = (long) pe * simd;
        long pad = (long) ceil(g.outputs, pe) * pe * ceil(g.rowElems, simd) * simd;
        boolean meets = cycles <= target;
        boolean better = best == null
            || (meets && g.cycles(best) > target)
            || (meets == (g.cycles(best) <= target) && (meets
                ? lanes < bestLanes || lanes == bestLanes && (cycles < bestCycles || cycles == bestCycles && (pad < bestPad || pad == bestPad && simd > best.simd()))
                : cycles < bestCycles || cycles == bestCycles && lanes < bestLanes));
        if (better) { best = f; bestLanes = lanes; bestCycles = cycles; bestPad = pad; }
      }
    return best;
  }

  /** The smallest target whose automatic plan fits the default lane budget. */
  private static long budgetTarget(List<Geometry> geo, Map<String, Folding> fixed) {
    long hi = 1;
    for (Geometry g : geo) if (g.compute()) hi = Math.max(hi, g.cycles(new Folding(1, 1)));
    long lo = 1;
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      long lanes = 0;
      for (Geometry g : geo)
        if (g.compute() && !fixed.containsKey(g.name)) { Folding f = automatic(g, mid); lanes += (long) f.pe() * f.simd(); }
      if (lanes <= DEFAULT_LANE_BUDGET) hi = mid; else lo = mid + 1;
    }
    return lo;
  }

  /** For n elements: the smallest lane count giving each distinct fold count ⌈n/lanes⌉. */
  private static TreeSet<Integer> minimalLanes(int n) {
    TreeSet<Integer> s = new TreeSet<>();
    for (int lanes = 1; lanes <= n; ) {
      int folds = ceil(n, lanes);
      int minimal = ceil(n, folds);
      s.add(minimal);
      // next lane count that lowers the fold count
      lanes = folds == 1 ? n + 1 : ceil(n, folds - 1);
    }
    return s;
  }

  static int ceil(long a, long b) { return (int) ((a + b - 1) / b); }

  private static Folding folding(String layer, int pe, int simd, String where) {
    if (pe < 1) throw new ModelException(where, layer, "pe (" + pe + ") must be >= 1: layer '" + layer + "' needs at least one processing element");
    if (simd < 1) throw new ModelException(where, layer, "simd (" + simd + ") must be >= 1: layer '" + layer + "' needs at least one input lane");
    return new Folding(pe, simd);
  }

  // ---- geometry of the layers ----

  /** What the planner needs of a layer: its matrix seen as outputs × (chunkRows × rowElems), vectors per image. */
  record Geometry(String name, String kind, int index, int outputs, int chunkRows, int rowElems, int vectors,
                  TensorType in, TensorType out) {
    boolean compute() { return outputs > 0; }
    long cycles(Folding f) { return (long) ceil(outputs, f.pe()) * chunkRows * ceil(rowElems, f.simd()) * vectors; }
    int elemBits() { return in.domain() == TensorType.Domain.INT8 ? 8 : in.k(); }
    boolean int8() { return in.domain() == TensorType.Domain.INT8; }
  }

  static List<Geometry> geometries(Network net) {
    List<TensorType> types = net.tensorTypes();
    List<Geometry> out = new ArrayList<>();
    for (int i = 0; i < net.layers().size(); i++) {
      Layer layer = net.layers().get(i);
      TensorType in = types.get(i), o = types.get(i + 1);
      int idx = i;
      out.add(layer.accept(new LayerVisitor<Geometry>() {
        @Override public Geometry visitDense(DenseLayer d) { return new Geometry(d.name(), d.kind(), idx, d.outputs(), 1, d.inputs(), 1, in, o); }
        @Override public Geometry visitConv(ConvLayer c) {
          return new Geometry(c.name(), c.kind(), idx, c.outChannels(), c.kernel() * c.kernel(), c.inChannels(), o.height() * o.width(), in, o);
        }
        @Override public Geometry visitMaxPool(MaxPoolLayer p) { return new Geometry(p.name(), p.kind(), idx, 0, 0, 0, 0, in, o); }
        @Override public Geometry visitFlatten(FlattenLayer f) { return new Geometry(f.name(), f.kind(), idx, 0, 0, 0, 0, in, o); }
        @Override public Geometry visitOutput(OutputLayer l) { return new Geometry(l.name(), l.kind(), idx, l.classes(), 1, l.inputs(), 1, in, o); }
      }));
    }
    return out;
  }

  /** Signed width of a layer's accumulator register (unsigned ranges get a sign bit). */
  public static int accBits(Layer layer, TensorType in) {
    AccumulatorRange r = AccumulatorRange.of(layer, in);
    return r.signed() ? r.bits() : r.bits() + 1;
  }

  /** Signed width of the output scores: the widest scaled range over the classes. */
  public static int scoreBits(OutputLayer o, TensorType in) {
    AccumulatorRange r = AccumulatorRange.of(o, in);
    int bits = 1;
    for (int c = 0; c < o.classes(); c++) {
      AccumulatorRange s = r.scaled(o.scale(c), o.offset(c));
      bits = Math.max(bits, s.signed() ? s.bits() : s.bits() + 1);
    }
    return bits;
  }

  /** Bytes per score in the output record: 4, or 8 when the scores need more than 32 bits. */
  public static int scoreBytes(int scoreBits) { return scoreBits <= 32 ? 4 : 8; }

  /** Bytes of the output record: predicted class, class-bit words (with thresholds), scores. */
  public static int recordBytes(OutputLayer o, TensorType in) {
    int words = o.thresholds() == null ? 0 : (o.classes() + 31) / 32;
    return 4 + 4 * words + scoreBytes(scoreBits(o, in)) * o.classes();
  }

  private static ResolvedPlan build(Network net, List<Geometry> geo, Map<String, Folding> folds, Plan plan, String source, List<String> warnings) {
    List<LayerPlan> layers = new ArrayList<>();
    List<UnitEstimate> units = new ArrayList<>();
    List<int[]> pendingFifos = new ArrayList<>(); // {index in units, depth} of FIFOs carrying the input unit's beats
    long ii = 0, latency = 0;
    // elements per beat of the stream a layer reads, when it is a pixel stream (0: the input unit's stream)
    int beat = 0;
    // the stream's vectors as rows × rowElems (Generator's StreamShape): pixels × channels, or 1 × elements
    int rows = 1, rowElems = net.inputType(0).size();
    boolean serializer = false;
    for (Geometry g : geo) {
      Layer layer = net.layers().get(g.index);
      if (layer instanceof FlattenLayer) {
        layers.add(new LayerPlan(g.name, g.kind, g.index, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, LayerEstimate.NONE));
        continue;
      }
      boolean window = layer instanceof ConvLayer || layer instanceof MaxPoolLayer;
      if (window && beat == 0) {
        // conv/max-pool on the raw input: a pixel serializer makes one beat per pixel (unless a beat already is one pixel)
        if (g.in.height() * g.in.width() > 1) serializer = true;
        beat = g.in.channels();
      }
      LayerEstimate swu = LayerEstimate.NONE;
      if (window) {
        int k = layer instanceof ConvLayer c ? c.kernel() : ((MaxPoolLayer) layer).kernel();
        int stride = layer instanceof ConvLayer c ? c.stride() : ((MaxPoolLayer) layer).stride();
        int pad = layer instanceof ConvLayer c ? c.padding() : 0;
        swu = CostModel.swu(g.in.height(), g.in.width(), g.in.channels(), g.elemBits(), beat, k, stride, pad);
      }
      int depth = plan.fifoDepths().getOrDefault(g.name, DEFAULT_FIFO_DEPTH);
      if (layer instanceof MaxPoolLayer) {
        swu = CostModel.maxPool(swu, g.in.channels(), g.elemBits());
        layers.add(new LayerPlan(g.name, g.kind, g.index, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, depth, swu));
        units.add(new UnitEstimate(UnitEstimate.FIFO, "MaxPool_" + g.name, CostModel.fifo(depth, beat * g.elemBits())));
        units.add(new UnitEstimate("MaxPool_" + g.name, null, swu));
        ii = Math.max(ii, swu.cyclesPerImage());
        latency += swu.cyclesPerImage() + swu.latencyCycles() + 1;
        beat = g.in.channels();
        rows = g.out.height() * g.out.width();
        rowElems = g.out.channels();
        continue;
      }
      Folding f = folds.get(g.name);
      int nf = ceil(g.outputs, f.pe()), cf = ceil(g.rowElems, f.simd()), sf = g.chunkRows * cf;
      if (f.pe() > g.outputs)
        warnings.add("layer '" + g.name + "': pe " + f.pe() + " is more than its " + g.outputs + " outputs (" + (f.pe() - g.outputs) + " PEs idle)");
      if (f.simd() > g.rowElems)
        warnings.add("layer '" + g.name + "': simd " + f.simd() + " is more than its " + g.rowElems + " inputs per row (" + (f.simd() - g.rowElems) + " lanes idle)");
      int acc = accBits(layer, g.in);
      int k = layer instanceof DenseLayer d ? d.quantizer().k() : layer instanceof ConvLayer c ? c.quantizer().k() : 0;
      // input buffer slots: one per beat of the vector (a conv MVTU reads k² one-pixel beats from its SWU; -1: the input unit's beats, known below)
      int slots = window ? g.chunkRows : beat == 0 ? -1 : rows * ceil(rowElems, beat);
      CostModel.Mvtu shape = new CostModel.Mvtu(f.pe(), f.simd(), nf, sf, g.vectors, g.chunkRows * g.rowElems, g.rowElems, slots, g.elemBits(), g.int8(), acc, k);
      LayerEstimate mvtu = CostModel.mvtu(shape);
      LayerEstimate e = window ? CostModel.chain(swu, mvtu) : mvtu;
      // the FIFO in front carries the stream's beats (beat 0: the input unit's, known below)
      if (beat == 0) pendingFifos.add(new int[] {units.size(), depth});
      units.add(new UnitEstimate(UnitEstimate.FIFO, (window ? "Swu_" : "Mvtu_") + g.name, CostModel.fifo(depth, beat * g.elemBits())));
      if (window) units.add(new UnitEstimate("Swu_" + g.name, null, swu));
      units.add(new UnitEstimate("Mvtu_" + g.name, null, mvtu, shape));
      layers.add(new LayerPlan(g.name, g.kind, g.index, f.pe(), f.simd(), nf, sf, g.outputs, nf * f.pe(), g.chunkRows, g.rowElems, cf * f.simd(), g.vectors, depth, e));
      ii = Math.max(ii, e.cyclesPerImage());
      latency += e.cyclesPerImage() + e.latencyCycles() + 1;
      beat = f.pe();
      rows = window ? g.out.height() * g.out.width() : 1;
      rowElems = g.outputs;
    }
    if (serializer) ii = Math.max(ii, (long) net.input().height() * net.input().width());
    // input bus
    InputSpecView in = new InputSpecView(net);
    int busBytes;
    if (plan.inputBusBits() > 0) {
      busBytes = plan.inputBusBits() / 8;
      if (busBytes < in.channels)
        throw new ModelException("/inputBusBits", null, "an input beat of " + plan.inputBusBits() + " bits cannot hold one pixel of " + in.channels + " channels");
    } else {
      busBytes = 1;
      while (busBytes < MAX_BUS_BYTES && (busBytes < in.channels || ceil(in.pixels, busBytes / in.channels) > ii)) busBytes *= 2;
      while (busBytes < in.channels) busBytes *= 2;
    }
    int ppb = busBytes / in.channels;
    long inBeats = ceil(in.pixels, ppb);
    TensorType inType = net.inputType(0);
    int inElemBits = inType.domain() == TensorType.Domain.INT8 ? 8 : 1;
    List<UnitEstimate> front = new ArrayList<>();
    for (int[] pf : pendingFifos)
      units.set(pf[0], new UnitEstimate(UnitEstimate.FIFO, units.get(pf[0]).feeds(), CostModel.fifo(pf[1], ppb * in.channels * inElemBits)));
    front.add(new UnitEstimate("InputUnit", null, CostModel.inputUnit(inBeats, ppb * in.channels, inElemBits)));
    if (serializer && ppb > 1) { // Generator: a serializer unless one pixel per input beat already
      front.add(new UnitEstimate(UnitEstimate.FIFO, "PixelSerializer", CostModel.fifo(DEFAULT_FIFO_DEPTH, ppb * in.channels * inElemBits)));
      front.add(new UnitEstimate("PixelSerializer", null, CostModel.serializer(inBeats, ppb, in.channels * inElemBits)));
    }
    units.addAll(0, front);
    // MVTUs reading the input unit's stream: ⌈elements / (pixels per beat · channels)⌉ slots
    for (int i = 0; i < units.size(); i++) {
      CostModel.Mvtu m = units.get(i).mvtu();
      if (m == null || m.slots() >= 0) continue;
      CostModel.Mvtu known = m.withSlots(ceil(m.fanIn(), (long) ppb * in.channels));
      units.set(i, new UnitEstimate(units.get(i).module(), null, CostModel.mvtu(known), known));
    }
    // output bus and unit
    OutputLayer o = net.output();
    LayerPlan ol = layers.get(layers.size() - 1);
    TensorType oin = net.inputType(net.layers().size() - 1);
    int outBits = plan.outputBusBits() > 0 ? plan.outputBusBits() : DEFAULT_OUTPUT_BUS_BITS;
    int outBeats = ceil(recordBytes(o, oin), outBits / 8);
    // The output unit's stages (gather nf beats, read out the classes, emit the record) overlap
    // across images: its slowest stage sets its rate; an image goes through all three in turn.
    long outCycles = outputUnitCycles(ol.nf(), o.classes(), outBeats);
    ii = Math.max(ii, Math.max(inBeats, outCycles));
    latency += inBeats + 2 + ol.nf() + o.classes() + outBeats;
    int outFifo = plan.fifoDepths().getOrDefault("output", DEFAULT_FIFO_DEPTH);
    boolean identity = true;
    for (int c = 0; c < o.classes(); c++) identity &= o.scale(c) == 1 && o.offset(c) == 0;
    units.add(new UnitEstimate(UnitEstimate.FIFO, "OutputUnit", CostModel.fifo(outFifo, ol.pe() * accBits(o, oin))));
    units.add(new UnitEstimate("OutputUnit", null, CostModel.outputUnit(outCycles, ol.nf(), o.classes(), accBits(o, oin), scoreBits(o, oin), outBits, outBeats,
        o.thresholds() != null, identity)));
    long luts = 0, ffs = 0, bram = 0;
    for (UnitEstimate u : units) { luts += u.estimate().luts(); ffs += u.estimate().ffs(); bram += u.estimate().bram18(); }
    LayerEstimate total = new LayerEstimate(ii, latency, luts, ffs, bram);
    return new ResolvedPlan(source, layers, busBytes * 8, outBits, ppb, inBeats, outBeats, outFifo, ii, latency, total, warnings, units);
  }

  /** Steady-state cycles per image of the output unit: its slowest stage (docs/timing.md "Output unit"). */
  public static long outputUnitCycles(int nf, int classes, int outputBeats) {
    return Math.max(nf, Math.max(classes, outputBeats));
  }

  private record InputSpecView(int channels, int pixels) {
    InputSpecView(Network net) { this(net.input().channels(), net.input().height() * net.input().width()); }
  }
}
