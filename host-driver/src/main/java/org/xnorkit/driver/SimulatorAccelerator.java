package org.xnorkit.driver;

import java.util.ArrayList;
import java.util.List;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.plan.ResolvedPlan;
import org.xnorkit.model.Network;
import org.xnorkit.simulator.CycleSimulator;
import org.xnorkit.simulator.SimBeat;
import org.xnorkit.simulator.SimOptions;
import org.xnorkit.simulator.SimRun;

/**
 * The Java cycle simulator ({@code simulator} module) as a backend. It simulates a whole stream
 * at once, so a session collects the images and runs them when the stream ends: the same cycles
 * as the Verilator harness fed without pause (no gaps, no back-pressure). Results are decoded and
 * checked like a board's.
 */
public final class SimulatorAccelerator implements Accelerator {
  private final CycleSimulator sim;
  private final Manifest manifest;

  public SimulatorAccelerator(Network net, ResolvedPlan plan) {
    this.sim = new CycleSimulator(net, plan);
    this.manifest = sim.manifest();
  }

  @Override public String name() { return "simulator"; }
  @Override public boolean reportsCycles() { return true; }

  @Override public Session open() {
    return new Session() {
      private final List<byte[]> images = new ArrayList<>();
      private final ResultQueue out = new ResultQueue(4096);
      private volatile End end;

      @Override public void send(byte[] pixels) { images.add(pixels); }
      @Override public void flush() { /* the whole stream is simulated at the end */ }

      @Override public void finish() {
        ResultDecoder decoder = new ResultDecoder(manifest);
        SimRun run;
        try {
          run = sim.run(images, SimOptions.steady().recordingInputBeats(), s -> {});
        } catch (RuntimeException e) {
          out.fail(new BackendException("the cycle simulator failed: " + e.getMessage(), e));
          return;
        }
        int per = decoder.beatsPerImage();
        long inBeats = manifest.inputBeatsPerImage();
        for (int i = 0; i < run.imagesOut(); i++) {
          List<byte[]> beats = new ArrayList<>(per);
          SimBeat lastBeat = null;
          for (int b = 0; b < per; b++) {
            lastBeat = run.outputBeats().get(i * per + b);
            beats.add(lastBeat.data());
          }
          try {
            out.put(new Output(decoder.decode(beats), run.inputBeatCycles()[(int) (i * inBeats)], lastBeat.cycle()));
          } catch (BackendException e) {
            out.fail(e);
            return;
          }
        }
        if (run.status() != SimRun.Status.DONE) {
          out.fail(new BackendException("the simulated design " + (run.status() == SimRun.Status.DEADLOCK ? "deadlocked" : "ran out of its cycle budget")
              + " at cycle " + run.cycles() + (run.stuckState().isEmpty() ? "" : ": " + String.join("; ", run.stuckState()))));
          return;
        }
        end = new End(run.cycles(), run.imagesIn(), run.imagesOut());
        out.end();
      }

      @Override public Output receive() { return out.take(); }

      @Override public End end() { return end; }
      @Override public void abort() { out.abort(); }
      @Override public String describe() { return "Java cycle simulator"; }
    };
  }
}
