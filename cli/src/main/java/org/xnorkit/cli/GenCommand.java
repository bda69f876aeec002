package org.xnorkit.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xnorkit gen}: model + plan → SystemVerilog, memory files and manifest.json in a design folder. */
@Command(name = "gen", mixinStandardHelpOptions = true,
    description = {"Generates the accelerator's SystemVerilog (Chisel + firtool), weight memory files, filelist.f",
        "and manifest.json into a design folder (replaced atomically). Simulators and synthesis run in that",
        "folder and define ENABLE_INITIAL_MEM_ so the weights are loaded."})
public final class GenCommand implements Callable<Integer> {
  @Mixin Common common;
  @Mixin PlanOptions planOptions;

  @Option(names = "--model", required = true, paramLabel = "M", description = "Model file (xnorkit-model/1 JSON).")
  Path model;

  @Option(names = "--out", paramLabel = "DIR", description = "Design folder (default: rtl-out/NAME, NAME the model's name).")
  Path out;

  @Override public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Network net = Workload.loadModel(model);
    ResolvedPlan plan = planOptions.resolve(net, model, common::log);
    Path dir = out != null ? out : Path.of("rtl-out", net.name());
    Manifest m = new Generator(common::log).generate(net, plan, dir);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long bytes = 0;
    for (String f : m.files()) bytes += java.nio.file.Files.size(dir.resolve(f));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("design", dir.toString());
    r.put("model", model.toString());
    r.put("name", net.name());
    r.put("hash", m.modelHash());
    r.put("plan", m.planSource());
    r.put("cyclesPerImage", m.cyclesPerImage());
    r.put("latencyCycles", m.latencyCycles());
    r.put("inputBusBits", m.inputBusBits());
    r.put("outputBusBits", m.outputBusBits());
    r.put("rtlFiles", m.files().size());
    r.put("rtlBytes", bytes);
    r.put("memoryFiles", m.memoryFiles().size());
    r.put("luts", m.estimate().luts());
    r.put("ffs", m.estimate().ffs());
    r.put("bram18", m.estimate().bram18());
    r.put("seconds", Workload.round3(seconds));
    List<Map<String, Object>> layers = new java.util.ArrayList<>();
    for (Manifest.Layer l : m.layers()) {
      if (l.pe() == 0) continue;
      Map<String, Object> lm = new LinkedHashMap<>();
      lm.put("name", l.name());
      lm.put("pe", l.pe());
      lm.put("simd", l.simd());
      lm.put("nf", l.nf());
      lm.put("sf", l.sf());
      lm.put("cyclesPerImage", l.cyclesPerImage());
      layers.add(lm);
    }
    r.put("layers", layers);
    if (common.json()) common.printJson(r);
    else {
      common.out().printf("%s: %d SystemVerilog files (%d bytes), %d memory files, manifest.json%n", dir, m.files().size(), bytes, m.memoryFiles().size());
      for (Manifest.Layer l : m.layers())
        if (l.pe() > 0) common.out().printf("  %-12s pe %4d  simd %4d  nf %5d  sf %5d  %8d cycles/image%s%n", l.name(), l.pe(), l.simd(), l.nf(), l.sf(),
            l.cyclesPerImage(), l.paddedOutputs() != l.outputs() || l.paddedRowElems() != l.rowElems() ? "  (padded)" : "");
      common.out().printf("analytical %d cycles per image, latency ~%d cycles; estimate %d LUT, %d FF, %d BRAM18; %.1f s%n",
          m.cyclesPerImage(), m.latencyCycles(), m.estimate().luts(), m.estimate().ffs(), m.estimate().bram18(), seconds);
      common.out().flush();
    }
    return 0;
  }
}
