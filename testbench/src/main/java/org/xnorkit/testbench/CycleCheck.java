package org.xnorkit.testbench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.model.Network;
import org.xnorkit.simulator.CycleSimulator;
import org.xnorkit.simulator.SimBeat;
import org.xnorkit.simulator.SimOptions;
import org.xnorkit.simulator.SimRun;

/**
 * Runs the Java cycle simulator beside every Verilator run of a verification (as a
 * {@link Verifier.RunListener}) with the same images, seed, stall probabilities and budget, and
 * compares the beat logs: a <em>cycle mismatch</em> is an s_axis or m_axis beat whose cycle
 * differs between the two, or a beat one of them has and the other has not; m_axis beats whose
 * data differ are counted apart. Both must be 0. It also times both on the same work, which gives
 * the simulator's speed relative to Verilator (a measurement, never an assertion).
 */
public final class CycleCheck implements Verifier.RunListener {
  /** One compared run. Seconds are wall-clock: Verilator's harness process, the simulator's run. */
  public record Entry(String run, long cycleMismatches, long dataMismatches, String firstDifference,
                      long verilatorCycles, double verilatorSeconds, long simCycles, double simSeconds) {
    public double verilatorCyclesPerSecond() { return verilatorSeconds > 0 ? verilatorCycles / verilatorSeconds : 0; }
    public double simCyclesPerSecond() { return simSeconds > 0 ? simCycles / simSeconds : 0; }
    /** Simulated cycles per second over Verilator's on this run. */
    public double speedup() { return verilatorCyclesPerSecond() > 0 ? simCyclesPerSecond() / verilatorCyclesPerSecond() : 0; }
  }

  private final CycleSimulator sim;
  private final List<byte[]> images;
  private final List<Entry> entries = new ArrayList<>();

  private final boolean benchmark;
  private final List<SimOptions> options = new ArrayList<>();

  /**
   * @param benchmark time the simulator like a benchmark: {@link #entries()} re-times every
   *                  compared run after all of them, as the best of three (the runs are
   *                  deterministic), so the timings are those of compiled code (Verilator's model
   *                  is compiled ahead of time); false: the comparison runs' own times
   */
  public CycleCheck(Network net, Manifest manifest, byte[][] images, boolean benchmark) {
    this.sim = CycleSimulator.fromManifest(net, manifest);
    this.images = Arrays.asList(images);
    this.benchmark = benchmark;
  }

  public CycleSimulator simulator() { return sim; }

  /** The compared runs; with {@code benchmark}, their simulator times are measured now (once). */
  public List<Entry> entries() {
    if (benchmark && !timed) {
      timed = true;
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) best = Math.min(best, sim.run(images, options.get(i), null).seconds());
        entries.set(i, new Entry(e.run(), e.cycleMismatches(), e.dataMismatches(), e.firstDifference(), e.verilatorCycles(),
            e.verilatorSeconds(), e.simCycles(), best));
      }
    }
    return List.copyOf(entries);
  }

  private boolean timed;

  public long cycleMismatches() { return entries.stream().mapToLong(Entry::cycleMismatches).sum(); }
  public long dataMismatches() { return entries.stream().mapToLong(Entry::dataMismatches).sum(); }
  public Entry firstDifferent() { return entries.stream().filter(e -> e.cycleMismatches() + e.dataMismatches() > 0).findFirst().orElse(null); }

  @Override public void onRun(String run, RunOptions o, VerilatorSimulator.Run verilator) {
    SimOptions so = new SimOptions(o.seed(), o.gap(), o.backpressure(), o.budget(), true, null);
    SimRun s = sim.run(images, so, null);
    options.add(so);
    entries.add(compare(run, verilator.log(), verilator.seconds(), s, s.seconds()));
  }

  /** Beat by beat: cycles of s_axis and m_axis beats, data of m_axis beats, and the run's end. */
  static Entry compare(String run, BeatLog v, double verilatorSeconds, SimRun s, double simSeconds) {
    long cyc = 0, dat = 0;
    String first = null;
    List<LoggedBeat> vin = v.input();
    long[] sin = s.inputBeatCycles();
    for (int i = 0; i < Math.min(vin.size(), sin.length); i++)
      if (vin.get(i).cycle() != sin[i]) {
        cyc++;
        if (first == null) first = "s_axis beat " + i + ": Verilator cycle " + vin.get(i).cycle() + ", simulator " + sin[i];
      }
    if (vin.size() != sin.length) {
      cyc += Math.abs(vin.size() - sin.length);
      if (first == null) first = "s_axis: Verilator " + vin.size() + " beats, simulator " + sin.length;
    }
    List<LoggedBeat> vout = v.output();
    List<SimBeat> sout = s.outputBeats();
    for (int i = 0; i < Math.min(vout.size(), sout.size()); i++) {
      LoggedBeat a = vout.get(i);
      SimBeat b = sout.get(i);
      if (a.cycle() != b.cycle()) {
        cyc++;
        if (first == null) first = "m_axis beat " + i + ": Verilator cycle " + a.cycle() + ", simulator " + b.cycle();
      }
      if (!Arrays.equals(a.data(), b.data()) || !Arrays.equals(a.keep(), b.keep()) || a.last() != b.last()) {
        dat++;
        if (first == null) first = "m_axis beat " + i + " data: Verilator " + a + ", simulator " + b;
      }
    }
    if (vout.size() != sout.size()) {
      cyc += Math.abs(vout.size() - sout.size());
      if (first == null) first = "m_axis: Verilator " + vout.size() + " beats, simulator " + sout.size();
    }
    if (v.cycles() != s.cycles() && first == null) first = "the runs end at cycle " + v.cycles() + " (Verilator) and " + s.cycles() + " (simulator)";
    if (v.cycles() != s.cycles() && cyc == 0) cyc = 1; // the end is a beat-less event; count it once
    return new Entry(run, cyc, dat, first, v.cycles(), verilatorSeconds, s.cycles(), simSeconds);
  }
}
