package org.xnorkit.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.StreamFormat;
import org.xnorkit.hwgen.plan.LayerPlan;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.hwgen.rtl.AcceleratorParams;
import org.xnorkit.hwgen.rtl.InputParams;
import org.xnorkit.hwgen.rtl.MvtuParams;
import org.xnorkit.hwgen.rtl.MvtuUnit;
import org.xnorkit.hwgen.rtl.UnitParams;
import org.xnorkit.model.Network;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.LayerVisitor;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.simulator.layer.dense.DenseCycleModel;
import org.xnorkit.simulator.layer.output.OutputCycleModel;
import org.xnorkit.simulator.layer.output.OutputUnitModel;
import org.xnorkit.simulator.unit.MvtuModel;
import org.xnorkit.simulator.unit.PlaneVector;
import org.xnorkit.simulator.unit.QueueModel;
import org.xnorkit.simulator.unit.Stage;
import org.xnorkit.simulator.unit.UnitStats;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * Cycle-accurate model of the accelerator hwgen generates for a network and a resolved plan: the
 * same parameters ({@link Generator#parameters}), the same units register for register where
 * timing is concerned, driven by the harness protocol of docs/timing.md (reset, cycle 0, the
 * seeded stall streams, beat firing, the end, the cycle budget). For the same images, seed and
 * plan every m_axis and s_axis beat fires at the cycle Verilator's harness logs for the RTL.
 *
 * <p>The chain: input unit (a 2-entry queue behind the pixel table) → per compute layer a FIFO
 * and the layer's unit → a FIFO and the output unit. The units only count beats; values move a
 * vector at a time through {@link VectorChannel}s and are computed with the model's packed kernels
 * when a unit starts a vector, so a run costs about one reference inference per image plus a few
 * operations per stage and cycle.
 *
 * <p>Immutable and thread-safe: every {@link #run} builds fresh unit state.
 */
public final class CycleSimulator {
  private final Network net;
  private final ResolvedPlan plan;
  private final AcceleratorParams params;
  private final Manifest manifest;
  private final StreamFormat format;
  private final int[] fifoDepths;
  private final List<String> fifoNames;

  public CycleSimulator(Network net, ResolvedPlan plan) {
    this(net, plan, Generator.parameters(net, plan), null);
  }

  private CycleSimulator(Network net, ResolvedPlan plan, AcceleratorParams params, int[] depths) {
    this.net = net;
    this.plan = plan;
    this.params = params;
    this.manifest = Generator.manifest(net, plan, List.of(), List.of());
    this.format = new StreamFormat(manifest);
    this.fifoDepths = depths == null ? params.fifoDepth().clone() : depths.clone();
    List<String> names = new ArrayList<>();
    for (UnitParams u : params.units()) names.add(unitName(u));
    names.add("output");
    this.fifoNames = List.copyOf(names);
    if (fifoDepths.length != fifoNames.size())
      throw new IllegalArgumentException(fifoDepths.length + " FIFO depths for " + fifoNames.size() + " FIFOs " + fifoNames);
    for (int i = 0; i < fifoDepths.length; i++)
      if (fifoDepths[i] < 1) throw new IllegalArgumentException("FIFO in front of " + fifoNames.get(i) + ": depth " + fifoDepths[i] + " must be >= 1");
  }

  /** The same design with other FIFO depths (one per entry of {@link #fifoNames()}): a what-if. */
  public CycleSimulator withFifoDepths(int[] depths) { return new CycleSimulator(net, plan, params, depths); }

  /** The consumer of each FIFO, in stream order: the compute layers, then "output". */
  public List<String> fifoNames() { return fifoNames; }
  public int[] fifoDepths() { return fifoDepths.clone(); }
  public Network network() { return net; }
  public ResolvedPlan plan() { return plan; }
  public Manifest manifest() { return manifest; }
  public StreamFormat format() { return format; }

  /** The result of image {@code i} of a run, decoded from its m_axis beats like the host would. */
  public Inference decode(SimRun run, int image) {
    int per = format.outputBeatsPerImage();
    List<byte[]> beats = new ArrayList<>(per);
    for (int b = 0; b < per; b++) beats.add(run.outputBeats().get(image * per + b).data());
    return format.decodeOutput(beats);
  }

  private static String unitName(UnitParams u) {
    if (u instanceof MvtuUnit m) return m.p().name();
    throw new IllegalArgumentException("the simulator does not model unit " + u + " yet");
  }

  // ---- the chain ----

  /** Fresh state of every stage of the design. */
  private final class Pipeline {
    final QueueModel input = new QueueModel("input", 2);
    final VectorChannel<long[]> inputChannel = new VectorChannel<>("input");
    final QueueModel[] fifos = new QueueModel[fifoDepths.length];
    final Stage[] units;
    final OutputUnitModel output;
    final Stage[] chain;
    long inputBusy, inputStarved, inputBlocked;
    long firstInputFire = -1;

    Pipeline() {
      UnitParams[] ups = params.units();
      units = new Stage[ups.length];
      List<Stage> chainList = new ArrayList<>();
      chainList.add(input);
      VectorChannel<long[]> ch = inputChannel;
      for (int i = 0; i < ups.length; i++) {
        fifos[i] = new QueueModel(fifoNames.get(i), fifoDepths[i]);
        chainList.add(fifos[i]);
        VectorChannel<long[]> next = new VectorChannel<>(fifoNames.get(i) + ".out");
        units[i] = unit(ups[i], ch, next);
        chainList.add(units[i]);
        ch = next;
      }
      fifos[ups.length] = new QueueModel("output", fifoDepths[ups.length]);
      chainList.add(fifos[ups.length]);
      output = OutputCycleModel.outputUnit(params.output(), ch);
      chainList.add(output);
      chain = chainList.toArray(new Stage[0]);
    }

    private Stage unit(UnitParams u, VectorChannel<long[]> in, VectorChannel<long[]> out) {
      if (!(u instanceof MvtuUnit m)) throw new IllegalArgumentException("the simulator does not model unit " + u + " yet");
      MvtuParams p = m.p();
      int index = net.indexOf(p.name());
      if (index < 0) throw new IllegalArgumentException("unit " + p.name() + " has no layer of that name in " + net.name());
      return net.layers().get(index).accept(new LayerVisitor<Stage>() {
        @Override public Stage visitDense(DenseLayer d) { return DenseCycleModel.unit(p, d, in, out); }
        @Override public Stage visitOutput(OutputLayer o) { return OutputCycleModel.unit(p, o, in, out); }
        @Override public Stage visitConv(ConvLayer c) { throw unsupported(c.name(), c.kind()); }
        @Override public Stage visitMaxPool(MaxPoolLayer mp) { throw unsupported(mp.name(), mp.kind()); }
        @Override public Stage visitFlatten(FlattenLayer f) { throw unsupported(f.name(), f.kind()); }
      });
    }
  }

  private static IllegalArgumentException unsupported(String name, String kind) {
    return new IllegalArgumentException("layer " + name + ": the simulator does not model " + kind + " units yet");
  }

  // ---- one run ----

  /**
   * Streams {@code images} (HWC pixel bytes) through the design under {@code o}. A timeout or a
   * deadlock is not an exception: the result says how far the run got.
   */
  public SimRun run(List<byte[]> images, SimOptions o, Consumer<String> progress) {
    int n = images.size();
    int pixels = net.input().height() * net.input().width() * net.input().channels();
    for (int i = 0; i < n; i++)
      if (images.get(i).length != pixels)
        throw new IllegalArgumentException("image " + i + " has " + images.get(i).length + " bytes, expected " + pixels);
    Pipeline p = new Pipeline();
    Stage[] chain = p.chain;
    int stages = chain.length;
    int last = stages - 1;
    InputParams ip = params.input();
    int[] table = net.input().table();
    int elemBits = ip.elemBits();
    int mask = (1 << elemBits) - 1;
    long inBeatsPerImage = manifest.inputBeatsPerImage();
    int outBeatsPerImage = format.outputBeatsPerImage();
    long budget = o.budget() > 0 ? o.budget() : SimOptions.contractBudget(plan.cyclesPerImage(), plan.latencyCycles(), n, o.gap(), o.backpressure());
    long stuckBound = 2 * (plan.cyclesPerImage() + plan.latencyCycles()) + 1000;

    StallStream gap = StallStream.inputGaps(o.seed(), o.gap());
    StallStream bp = StallStream.outputBackpressure(o.seed(), o.backpressure());
    boolean[] valid = new boolean[stages], ready = new boolean[stages];
    QueueModel input = p.input;
    QueueModel[] fifos = p.fifos;
    Stage[] units = p.units;
    OutputUnitModel output = p.output;
    int nu = units.length;

    List<SimBeat> outBeats = new ArrayList<>();
    long[] inCycles = o.recordInputBeats() ? new long[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, n * inBeatsPerImage))] : null;
    long[] lastOfImage = new long[Math.max(1, n)];
    Vcd vcd = o.vcd() == null ? null : new Vcd(o.vcd(), chain);

    int nextImage = 0;
    long nextBeat = 0;
    boolean holding = false, holdingLast = false;
    long beatsIn = 0, beatsOut = 0, imagesIn = 0, stuck = 0;
    long cycle;
    SimRun.Status status;
    long start = System.nanoTime();
    int progressStep = Math.max(1, n / 10), nextProgress = progressStep;
    try {
      for (cycle = 0; ; cycle++) {
        // The end is decided before the cycle's draws (docs/timing.md, "The end").
        if (!holding && nextImage == n && beatsOut >= (long) n * outBeatsPerImage) { status = SimRun.Status.DONE; break; }
        if (cycle >= budget) { status = SimRun.Status.TIMEOUT; break; }
        boolean gapStall = gap.stall();
        boolean bpStall = bp.stall();
        boolean gapMattered = false;
        if (!holding && nextImage < n) {
          gapMattered = gapStall;
          if (!gapStall) {
            if (nextBeat == 0) p.inputChannel.push(inputVector(images.get(nextImage), table, mask, elemBits));
            holding = true;
            holdingLast = ++nextBeat == inBeatsPerImage;
            if (holdingLast) { nextBeat = 0; nextImage++; }
          }
        }
        // Combinational: every handshake of the cycle from the registers. The chain alternates
        // queue, unit, queue, ...; typed calls keep the call sites monomorphic (the hot loop).
        valid[0] = input.outValid();
        ready[0] = input.inReady();
        for (int i = 0; i < nu; i++) {
          QueueModel f = fifos[i];
          valid[2 * i + 1] = f.outValid();
          ready[2 * i + 1] = f.inReady();
          Stage u = units[i];
          valid[2 * i + 2] = u.outValid();
          ready[2 * i + 2] = u.inReady();
        }
        valid[last - 1] = fifos[nu].outValid();
        ready[last - 1] = fifos[nu].inReady();
        valid[last] = output.outValid();
        ready[last] = output.inReady();
        boolean sFire = holding && ready[0];
        boolean mValid = valid[last];
        boolean mFire = mValid && !bpStall;
        if (vcd != null) vcd.cycle(cycle, holding, valid, ready, !bpStall);
        SimBeat beat = mFire ? new SimBeat(cycle, output.beatLast(), output.beatKeep(), output.beatData()) : null;
        if (holding) { if (sFire) p.inputBusy++; else p.inputBlocked++; } else p.inputStarved++;
        // Rising edge.
        boolean moved = sFire || mFire;
        input.offered(holding);
        boolean toNext = valid[0] && ready[1];
        input.step(cycle, sFire, toNext);
        for (int i = 0; i < nu; i++) {
          int s = 2 * i + 1;
          boolean into = toNext, fifoOut = valid[s] && ready[s + 1];
          toNext = valid[s + 1] && ready[s + 2];
          moved |= into | fifoOut;
          fifos[i].offered(valid[s - 1]);
          fifos[i].step(cycle, into, fifoOut);
          units[i].step(cycle, fifoOut, toNext);
        }
        boolean lastOut = valid[last - 1] && ready[last];
        moved |= toNext | lastOut;
        fifos[nu].offered(valid[last - 2]);
        fifos[nu].step(cycle, toNext, lastOut);
        output.step(cycle, lastOut, mFire);
        if (sFire) {
          if (beatsIn == 0) p.firstInputFire = cycle;
          if (inCycles != null) {
            if (beatsIn == inCycles.length) inCycles = Arrays.copyOf(inCycles, inCycles.length * 2);
            inCycles[(int) beatsIn] = cycle;
          }
          beatsIn++;
          if (holdingLast) imagesIn++;
          holding = false;
        }
        if (beat != null) {
          outBeats.add(beat);
          beatsOut++;
          if (beat.last()) {
            int img = (int) (beatsOut / outBeatsPerImage) - 1;
            lastOfImage[img] = cycle;
            if (progress != null && img + 1 >= nextProgress && n >= 20) {
              progress.accept("sim: " + (img + 1) + "/" + n + " images, cycle " + cycle);
              nextProgress += progressStep;
            }
          }
        }
        // Watchdog: cycles where no beat moved, not counting those a stall of the harness explains.
        if (moved) stuck = 0;
        else if (!gapMattered && !(mValid && bpStall) && ++stuck > stuckBound) { status = SimRun.Status.DEADLOCK; cycle++; break; }
      }
    } finally {
      if (vcd != null) vcd.close();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int imagesOut = (int) (beatsOut / outBeatsPerImage);
    PipelineReport report = report(p, cycle, imagesOut, lastOfImage);
    List<String> stuckState = status == SimRun.Status.DEADLOCK ? describe(p, holding, nextImage, n) : List.of();
    long[] inputCycles = inCycles == null ? null : Arrays.copyOf(inCycles, (int) beatsIn);
    return new SimRun(status, cycle, n, imagesIn, imagesOut, beatsIn, inputCycles, outBeats, report, stuckState, seconds);
  }

  private static long[] inputVector(byte[] pixels, int[] table, int mask, int planes) {
    int[] f = new int[pixels.length];
    for (int i = 0; i < f.length; i++) f[i] = table[pixels[i] & 0xff] & mask;
    return PlaneVector.ofFields(f, planes);
  }

  // ---- reports ----

  private PipelineReport report(Pipeline p, long cycles, int imagesOut, long[] lastOfImage) {
    List<LayerReport> rows = new ArrayList<>();
    double cyc = Math.max(1, cycles);
    rows.add(new LayerReport("input", "input", 0, 0, 0, 0, p.inputBusy, p.inputStarved, p.inputBlocked, p.inputBusy / cyc,
        manifest.inputBeatsPerImage(), Double.NaN, Double.NaN, 0, 0, 0, 0, p.input.refusedCycles()));
    String bottleneck = null;
    long bottleneckBusy = -1;
    UnitParams[] ups = params.units();
    for (int i = 0; i < ups.length; i++) {
      MvtuModel<?, ?> m = (MvtuModel<?, ?>) p.units[i];
      LayerPlan lp = plan.layer(m.name());
      UnitStats st = m.stats();
      rows.add(row(m.name(), lp.kind(), lp.pe(), lp.simd(), lp.nf(), lp.sf(), st, cyc, lp.foldCycles(), p.fifos[i]));
      if (st.busy > bottleneckBusy) { bottleneckBusy = st.busy; bottleneck = m.name(); }
    }
    UnitStats os = p.output.stats();
    long outCycles = (long) plan.layers().get(plan.layers().size() - 1).nf() + net.classes() + format.outputBeatsPerImage();
    rows.add(row("output", "output", 0, 0, 0, 0, os, cyc, outCycles, p.fifos[ups.length]));
    double cpi = PipelineReport.steadyCyclesPerImage(lastOfImage, imagesOut, cycles);
    long latency = imagesOut > 0 ? lastOfImage[0] - p.firstInputFire : 0;
    return new PipelineReport(rows, bottleneck, cycles, imagesOut, cpi, latency);
  }

  private static LayerReport row(String name, String kind, int pe, int simd, int nf, int sf, UnitStats st, double cycles,
                                 long estimate, QueueModel fifo) {
    int n = st.imagesOut();
    long[] last = new long[n];
    double lat = 0;
    long maxLat = 0;
    for (int i = 0; i < n; i++) {
      last[i] = st.lastOut(i);
      long l = st.lastOut(i) - st.firstIn(i);
      lat += l;
      maxLat = Math.max(maxLat, l);
    }
    double ii = n >= 2 ? PipelineReport.steadyCyclesPerImage(last, n, 0) : Double.NaN;
    return new LayerReport(name, kind, pe, simd, nf, sf, st.busy, st.starved, st.blocked, st.busy / cycles, estimate, ii,
        n > 0 ? lat / n : Double.NaN, maxLat, fifo.depth(), fifo.maxCount(), Math.max(1, fifo.maxDemand()), fifo.refusedCycles());
  }

  /** One line per FIFO and unit: what a deadlock report shows. */
  private List<String> describe(Pipeline p, boolean holding, int nextImage, int n) {
    List<String> lines = new ArrayList<>();
    lines.add("s_axis: " + (holding ? "holding a beat (tvalid 1)" : nextImage < n ? "between beats" : "all beats sent")
        + ", input unit " + p.input.count() + "/2");
    UnitParams[] ups = params.units();
    for (int i = 0; i < ups.length; i++) {
      QueueModel f = p.fifos[i];
      lines.add("fifo " + f.name() + ": " + f.count() + "/" + f.depth() + (f.count() == f.depth() ? " full" : f.count() == 0 ? " empty" : ""));
      MvtuModel<?, ?> m = (MvtuModel<?, ?>) p.units[i];
      lines.add("unit " + m.name() + ": banks full " + m.bankFull(0) + "/" + m.bankFull(1) + ", credits " + m.credits()
          + ", output queue " + m.queueCount() + "/" + m.queueDepth() + (m.active() ? ", active" : ", idle"));
    }
    QueueModel f = p.fifos[ups.length];
    lines.add("fifo output: " + f.count() + "/" + f.depth());
    lines.add("output unit: " + p.output.stateName());
    return lines;
  }
}
