package org.xnorkit.testbench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.StreamFormat;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.Network;
import org.xnorkit.simulator.CycleSimulator;
import org.xnorkit.simulator.SimBeat;
import org.xnorkit.simulator.SimOptions;
import org.xnorkit.simulator.SimRun;

/**
 * Runs one generated design in Verilator and in the Java cycle simulator with the same images,
 * seed and stall probabilities, and compares every beat: the shared helper of the
 * simulator-versus-Verilator tests.
 */
final class SimVsVerilator {
  private SimVsVerilator() {}

  /** The generated design and its Verilator build. */
  record Design(Network net, ResolvedPlan plan, Path dir, Manifest manifest, VerilatorSimulator verilator, CycleSimulator sim) {}

  static Design build(Network net, ResolvedPlan plan, Path dir) throws Exception {
    Manifest m = new Generator(s -> {}).generate(net, plan, dir);
    HarnessConfig config = new HarnessConfig(m.top(), m.inputBusBits(), m.outputBusBits());
    VerilatorSimulator v = new VerilatorBuild(TestPaths.verilatorCache()).build(DesignFiles.of(dir), config).simulator();
    return new Design(net, plan, dir, m, v, new CycleSimulator(net, plan));
  }

  static List<List<AxisBeat>> pack(StreamFormat f, List<byte[]> images) {
    List<List<AxisBeat>> out = new ArrayList<>();
    for (byte[] img : images) {
      List<AxisBeat> beats = new ArrayList<>();
      for (StreamFormat.Beat b : f.packImage(img)) {
        byte[] keep = new byte[(b.data().length + 7) / 8];
        for (int i = 0; i < b.data().length; i++) if ((b.keep() >>> i & 1) != 0) keep[i >>> 3] |= (byte) (1 << (i & 7));
        beats.add(new AxisBeat(b.data(), keep, b.last()));
      }
      out.add(beats);
    }
    return out;
  }

  /** The two runs and the differences (empty when every beat agrees). */
  record Comparison(BeatLog verilator, SimRun sim, List<String> differences) {}

  static Comparison compare(Design d, List<byte[]> images, long seed, int gap, int bp) {
    StreamFormat f = new StreamFormat(d.manifest());
    long budget = SimOptions.contractBudget(d.manifest().cyclesPerImage(), d.manifest().latencyCycles(), images.size(), gap, bp);
    RunOptions ro = new RunOptions(seed, gap, bp, 1, RunOptions.RESET_CYCLES, budget, d.manifest().outputBeatsPerImage());
    BeatLog log = d.verilator().run(d.dir(), pack(f, images), ro).log();
    SimRun run = d.sim().run(images, new SimOptions(seed, gap, bp, budget, true, null), null);
    List<String> diff = new ArrayList<>();
    if (log.status() != BeatLog.Status.DONE) diff.add("verilator status " + log.status());
    if (!run.status().name().equals(log.status().name())) diff.add("status: verilator " + log.status() + ", sim " + run.status());
    if (log.cycles() != run.cycles()) diff.add("cycles: verilator " + log.cycles() + ", sim " + run.cycles());
    List<LoggedBeat> vin = log.input();
    long[] sin = run.inputBeatCycles();
    if (vin.size() != sin.length) diff.add("input beats: verilator " + vin.size() + ", sim " + sin.length);
    for (int i = 0; i < Math.min(vin.size(), sin.length); i++)
      if (vin.get(i).cycle() != sin[i]) { diff.add("input beat " + i + ": verilator cycle " + vin.get(i).cycle() + ", sim " + sin[i]); break; }
    List<LoggedBeat> vout = log.output();
    List<SimBeat> sout = run.outputBeats();
    if (vout.size() != sout.size()) diff.add("output beats: verilator " + vout.size() + ", sim " + sout.size());
    int cyc = 0, dat = 0;
    for (int i = 0; i < Math.min(vout.size(), sout.size()); i++) {
      LoggedBeat v = vout.get(i);
      SimBeat s = sout.get(i);
      if (v.cycle() != s.cycle() && cyc++ == 0) diff.add("output beat " + i + ": verilator cycle " + v.cycle() + ", sim " + s.cycle());
      if ((!Arrays.equals(v.data(), s.data()) || !Arrays.equals(v.keep(), s.keep()) || v.last() != s.last()) && dat++ == 0)
        diff.add("output beat " + i + ": verilator " + v + ", sim " + s);
    }
    if (cyc > 1) diff.add(cyc + " output beats at different cycles");
    if (dat > 1) diff.add(dat + " output beats with different data");
    return new Comparison(log, run, diff);
  }
}
