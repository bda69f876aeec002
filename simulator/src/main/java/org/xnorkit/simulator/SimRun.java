package org.xnorkit.simulator;

import java.util.List;

/**
 * The outcome of one simulated run: how it ended, every result beat with its cycle, optionally
 * the cycle of every input beat, the per-layer report, and for a deadlock the state of every
 * FIFO and unit when it was declared.
 *
 * @param status           how the run ended
 * @param cycles           cycles of the run (docs/timing.md, "The end")
 * @param images           images given
 * @param imagesIn         images whose every input beat fired
 * @param imagesOut        images whose every result beat fired
 * @param beatsIn          s_axis beats that fired
 * @param inputBeatCycles  cycle of every s_axis beat, in order (null unless recorded)
 * @param outputBeats      every m_axis beat, in order
 * @param report           the per-layer report
 * @param stuckState       for {@link Status#DEADLOCK}: one line per FIFO and unit; else empty
 * @param seconds          wall-clock seconds of the simulation itself
 * @param evaluatedCycles  cycles the simulator evaluated one by one; the others repeated their
 *                         predecessor exactly and were applied in stretches
 */
public record SimRun(Status status, long cycles, int images, long imagesIn, long imagesOut, long beatsIn,
                     long[] inputBeatCycles, List<SimBeat> outputBeats, PipelineReport report,
                     List<String> stuckState, double seconds, long evaluatedCycles) {
  /** How a run ended. */
  public enum Status {
    /** Every image went in and all of its result beats came out. */
    DONE,
    /** The cycle budget ran out first. */
    TIMEOUT,
    /** No beat moved anywhere for longer than the plan allows, without a stall of the harness to blame. */
    DEADLOCK
  }

  public SimRun {
    outputBeats = List.copyOf(outputBeats);
    stuckState = List.copyOf(stuckState);
  }

  /** Simulated cycles per wall-clock second. */
  public double cyclesPerSecond() { return seconds > 0 ? cycles / seconds : 0; }
}
