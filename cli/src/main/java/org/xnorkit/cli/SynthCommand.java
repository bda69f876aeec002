package org.xnorkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.plan.LayerEstimate;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.hwgen.synth.IcePnr;
import org.xnorkit.hwgen.synth.Resources;
import org.xnorkit.hwgen.synth.SynthReport;
import org.xnorkit.hwgen.synth.SynthTarget;
import org.xnorkit.hwgen.synth.Yosys;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xnorkit synth}: Yosys synthesis of a generated design, per unit and in total, next to the estimate. */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = {"Synthesizes a generated design with Yosys (one hierarchical run) and reports LUTs, flip-flops,",
        "block RAM, LUTRAM, DSPs, carry cells and logic levels per unit and in total, next to the planner's",
        "estimate. Give --design DIR (from 'xnorkit gen'), or --model M [--plan P] to generate first.",
        "Results are cached by a hash of the design and target under .xnorkit/synth."})
public final class SynthCommand implements Callable<Integer> {
  @Mixin Common common;
  @Mixin PlanOptions planOptions;

  @Option(names = "--design", paramLabel = "DIR", description = "Design folder written by 'xnorkit gen'.")
  Path design;

  @Option(names = "--model", paramLabel = "M", description = "Model file: generate its design first (into --out, default rtl-out/NAME).")
  Path model;

  @Option(names = "--out", paramLabel = "DIR", description = "With --model: the design folder (default rtl-out/NAME).")
  Path out;

  @Option(names = "--target", paramLabel = "T", defaultValue = "xilinx7", description = "xilinx7 (synth_xilinx), ice40 (synth_ice40) or generic (synth -lut 6). Default ${DEFAULT-VALUE}.")
  String target;

  @Option(names = "--cache", paramLabel = "DIR", defaultValue = ".xnorkit/synth", description = "Cache of Yosys results. Default ${DEFAULT-VALUE}.")
  Path cache;

  @Option(names = "--chart", paramLabel = "FILE.html", description = "Also write an HTML page with a chart of resources per unit, and FILE.png beside it.")
  Path chart;

  @Option(names = "--pnr", paramLabel = "DEVICE", description = "With --target ice40: place and route with nextpnr-ice40 and pack a bitstream with icepack (hx1k, hx8k, up5k, lp8k).")
  String pnr;

  @Option(names = "--freq", paramLabel = "MHZ", defaultValue = "25", description = "With --pnr: the clock nextpnr aims for (it reports the Fmax it reached). Default ${DEFAULT-VALUE}.")
  double freq;

  @Option(names = "--pnr-out", paramLabel = "DIR", description = "With --pnr: where the report, .asc and .bin go (default build/pnr/DESIGN-DEVICE; a build artifact).")
  Path pnrOut;

  @Option(names = "--yosys", paramLabel = "PATH", defaultValue = "yosys", description = "The Yosys executable. Default ${DEFAULT-VALUE}.")
  String yosys;

  @Override public Integer call() throws Exception {
    SynthTarget t = Yosys.target(target);
    if ((design == null) == (model == null)) throw new ModelException("--design", null, "give either --design DIR or --model M");
    Path dir = design;
    if (model != null) {
      Network net = Workload.loadModel(model);
      ResolvedPlan plan = planOptions.resolve(net, model, common::log);
      dir = out != null ? out : Path.of("rtl-out", net.name());
      new Generator(common::log).generate(net, plan, dir);
    } else if (!Files.isDirectory(design)) throw new java.nio.file.NoSuchFileException(design.toString(), null, "design folder (run 'xnorkit gen' first)");
    IcePnr.Device device = null;
    if (pnr != null) {
      if (t != SynthTarget.ICE40) throw new ModelException("--pnr", null, "place and route needs --target ice40");
      device = IcePnr.Device.parse(pnr);
      if (!(freq > 0)) throw new ModelException("--freq", null, "must be > 0 MHz");
    }
    SynthReport r = new Yosys(yosys, common::log).run(dir, t, cache);
    IcePnr.Result pr = null;
    if (device != null) {
      Path o = pnrOut != null ? pnrOut : Path.of("build", "pnr", dir.toAbsolutePath().normalize().getFileName() + "-" + device.id());
      pr = new IcePnr(common::log).run(r.outputs().resolve("flat.json").toAbsolutePath(), device, freq, o.toAbsolutePath());
    }
    if (chart != null) SynthChart.write(r, chart);
    if (common.json()) {
      Map<String, Object> j = json(r);
      if (pr != null) j.put("pnr", json(pr));
      common.printJson(j);
    } else {
      print(r);
      if (pr != null) print(pr);
    }
    return 0;
  }

  static Map<String, Object> json(IcePnr.Result p) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("device", p.device().id());
    j.put("package", p.packageName());
    j.put("fmaxMhz", Workload.round3(p.fmaxMhz()));
    j.put("targetMhz", p.targetMhz());
    Map<String, Object> u = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : p.utilization().entrySet()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("used", e.getValue()[0]);
      x.put("available", e.getValue()[1]);
      u.put(e.getKey(), x);
    }
    j.put("utilization", u);
    j.put("bitstream", p.bitstream().toString());
    j.put("bitstreamBytes", p.bitstreamBytes());
    j.put("seconds", Workload.round3(p.seconds()));
    return j;
  }

  private void print(IcePnr.Result p) {
    common.out().printf("place and route: iCE40%s (%s), Fmax %.2f MHz (target %.1f MHz), bitstream %s (%d bytes), %.0f s%n",
        p.device().id().toUpperCase(java.util.Locale.ROOT), p.packageName(), p.fmaxMhz(), p.targetMhz(), p.bitstream(), p.bitstreamBytes(), p.seconds());
    for (Map.Entry<String, long[]> e : p.utilization().entrySet())
      if (e.getValue()[0] > 0) common.out().printf("  %-16s %6d / %6d  (%.1f%%)%n", e.getKey(), e.getValue()[0], e.getValue()[1], 100.0 * e.getValue()[0] / Math.max(1, e.getValue()[1]));
    common.out().flush();
  }

  static Map<String, Object> json(SynthReport r) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("design", r.design());
    j.put("target", r.target().id());
    j.put("yosys", r.yosys());
    j.put("key", r.key());
    j.put("cached", r.cached());
    j.put("seconds", Workload.round3(r.seconds()));
    List<Map<String, Object>> units = new ArrayList<>();
    for (SynthReport.Unit u : r.units()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", u.name());
      m.put("module", u.module());
      m.put("instances", u.instances());
      resources(m, u.measured(), r.target());
      m.put("logicLevels", u.logicLevels());
      if (u.weightBits() > 0) m.put("weightBits", u.weightBits());
      m.put("estimate", estimate(u.estimate(), u.measured()));
      units.add(m);
    }
    j.put("units", units);
    Map<String, Object> total = new LinkedHashMap<>();
    resources(total, r.total(), r.target());
    total.put("logicLevels", r.units().stream().mapToInt(SynthReport.Unit::logicLevels).max().orElse(0));
    total.put("estimate", estimate(r.estimate(), r.total()));
    j.put("total", total);
    List<Map<String, Object>> modules = new ArrayList<>();
    for (SynthReport.Module mo : r.modules()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("module", mo.name());
      m.put("instances", mo.instances());
      resources(m, mo.own(), r.target());
      modules.add(m);
    }
    j.put("modules", modules);
    return j;
  }

  private static void resources(Map<String, Object> m, Resources x, SynthTarget t) {
    m.put("luts", x.luts());
    m.put("ffs", x.ffs());
    m.put("bram18", x.bram18());
    if (t == SynthTarget.XILINX7) m.put("bramTiles", x.bramTiles());
    m.put("lutram", x.lutram());
    m.put("dsps", x.dsps());
    m.put("carry", x.carry());
    m.put("muxes", x.muxes());
    m.put("cells", x.cells());
  }

  private static Object estimate(LayerEstimate e, Resources x) {
    if (e == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("luts", e.luts());
    m.put("ffs", e.ffs());
    m.put("bram18", e.bram18());
    m.put("lutError", error(x.luts(), e.luts()));
    m.put("ffError", error(x.ffs(), e.ffs()));
    m.put("bramError", error(x.bram18(), e.bram18()));
    return m;
  }

  /** (measured − estimate) / estimate, rounded; null when the estimate is 0. */
  static Double error(long measured, long estimate) {
    return estimate == 0 ? null : Workload.round3((double) (measured - estimate) / estimate);
  }

  private static String pct(long measured, LayerEstimate e, java.util.function.ToLongFunction<LayerEstimate> f) {
    if (e == null) return "-";
    Double err = error(measured, f.applyAsLong(e));
    return err == null ? (measured == 0 ? "0%" : "-") : String.format("%+.0f%%", err * 100);
  }

  private void print(SynthReport r) {
    String bram = r.target() == SynthTarget.ICE40 ? "RAM4K" : r.target() == SynthTarget.GENERIC ? "MEM" : "BRAM18";
    Table tb = new Table("unit", "x", "LUT", "est", "err", "FF", "est", "err", bram, "est", "LUTRAM", "DSP", "CARRY", "levels");
    for (SynthReport.Unit u : r.units()) {
      Resources m = u.measured();
      LayerEstimate e = u.estimate();
      tb.row(u.name(), u.instances(), m.luts(), e == null ? "-" : e.luts(), pct(m.luts(), e, LayerEstimate::luts),
          m.ffs(), e == null ? "-" : e.ffs(), pct(m.ffs(), e, LayerEstimate::ffs), m.bram18(), e == null ? "-" : e.bram18(),
          m.lutram(), m.dsps(), m.carry(), u.logicLevels());
    }
    Resources t = r.total();
    LayerEstimate e = r.estimate();
    tb.row("total", "", t.luts(), e.luts(), pct(t.luts(), e, LayerEstimate::luts), t.ffs(), e.ffs(), pct(t.ffs(), e, LayerEstimate::ffs),
        t.bram18(), e.bram18(), t.lutram(), t.dsps(), t.carry(), r.units().stream().mapToInt(SynthReport.Unit::logicLevels).max().orElse(0));
    common.out().printf("%s: %s, %s%s%n", r.design(), r.target().command(), r.yosys(),
        r.cached() ? " (cached)" : String.format(" (%.0f s)", r.seconds()));
    tb.print(common.out());
    if (r.target() == SynthTarget.XILINX7)
      common.out().printf("block RAM: %d RAMB18 = %d RAMB36 tiles; wide muxes (MUXF7/8, not counted as LUTs): %d%n", t.bram18(), t.bramTiles(), t.muxes());
    if (r.target() == SynthTarget.GENERIC) common.out().println("generic: no block RAM library, memories are mapped to flip-flops (MEM counts unmapped $mem cells)");
    common.out().println("estimates: the cost model's, per unit (docs/synth.md); levels: combinational cells on the longest path within one module");
    common.out().flush();
  }
}
