package org.xnorkit.simulator.layer.output;

import org.xnorkit.simulator.unit.Stage;
import org.xnorkit.simulator.unit.UnitStats;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * Cycle model of hwgen's output unit ({@code rtl/OutputUnit.scala}, docs/timing.md "Output unit"):
 * three stages with their own registers, so that image n+1 is gathered while image n is read out
 * and image n−1 emitted.
 *
 * <ul>
 *   <li><b>GATHER</b>: {@code in.ready = !gFull}; takes the NF beats of class accumulators. The
 *       fire of the last one hands the vector to READOUT at that edge if READOUT is free then;
 *       otherwise the vector waits ({@code gFull}) until the first edge READOUT is free.</li>
 *   <li><b>READOUT</b>: loaded at edge t, it reads class 0 at cycle t+1, …, the last class at
 *       t + classes, and stays at the last class until EMIT is free; that edge hands the record on.</li>
 *   <li><b>EMIT</b>: {@code m_axis_tvalid}; one record beat per cycle while {@code m_axis_tready}.</li>
 * </ul>
 * A stage is free at an edge when it is idle or hands its own work on at that edge (EMIT: its last
 * beat fires). So the unit takes max(NF, classes, beats) cycles per image on its own.
 *
 * <p>Values: when the last accumulator beat arrives the record is built ({@link OutputRecord})
 * from the accumulators the output layer's MVTU computed; it travels with the vector through the
 * stages, and EMIT's beats are what m_axis carries.
 */
public final class OutputUnitModel extends Stage {
  private final int beatsPerVector;
  private final int classes;
  private final int recordBeats;
  private final OutputRecord record;
  private final VectorChannel<long[]> in;
  private final UnitStats stats;

  // GATHER
  private int beatIn;
  private boolean gFull;
  private byte[][] gRecord;
  // READOUT: busy from its load; at the last class from cycle rLastAt on
  private boolean rBusy;
  private long rLastAt;
  private byte[][] rRecord;
  // EMIT
  private boolean eBusy;
  private int beatOut;
  private byte[][] eRecord;

  public OutputUnitModel(String name, int beatsPerVector, OutputRecord record, VectorChannel<long[]> in) {
    super(name);
    if (beatsPerVector < 1) throw new IllegalArgumentException(name + ": beats per vector (" + beatsPerVector + ") must be >= 1");
    this.beatsPerVector = beatsPerVector;
    this.classes = record.classes();
    this.recordBeats = record.beats();
    this.record = record;
    this.in = in;
    this.stats = new UnitStats(beatsPerVector, recordBeats);
  }

  public UnitStats stats() { return stats; }
  public OutputRecord record() { return record; }

  @Override public boolean inReady() { return !gFull; }
  /** m_axis_tvalid. */
  @Override public boolean outValid() { return eBusy; }
  @Override public boolean active() { return rBusy || gFull; }

  /** m_axis_tdata of the beat on offer (valid only while {@link #outValid()}). */
  public byte[] beatData() { return eRecord[beatOut]; }
  public byte[] beatKeep() { return record.keep(beatOut); }
  public boolean beatLast() { return beatOut == recordBeats - 1; }

  /** The stages' states, as a deadlock report shows them. */
  public String stateName() {
    return "gather " + (gFull ? "full" : beatIn + "/" + beatsPerVector) + ", readout " + (rBusy ? "busy" : "idle")
        + ", emit " + (eBusy ? "beat " + beatOut + "/" + recordBeats : "idle");
  }

  @Override public void step(long cycle, boolean inFire, boolean outFire) {
    boolean rAtLast = rBusy && cycle >= rLastAt;
    boolean eLastFire = outFire && beatOut == recordBeats - 1;
    boolean eFree = !eBusy || eLastFire;
    boolean rToE = rAtLast && eFree;
    boolean rFree = !rBusy || rToE;
    boolean gComplete = inFire && beatIn == beatsPerVector - 1;
    boolean gToR = (gFull || gComplete) && rFree;

    if (inFire || outFire || (rBusy && !rAtLast) || rToE) stats.busy++;
    else if (eBusy || rBusy || gFull) stats.blocked++;
    else stats.starved++;
    if (inFire) stats.inBeat(cycle);
    if (outFire) stats.outBeat(cycle);

    // EMIT
    if (outFire) beatOut = eLastFire ? 0 : beatOut + 1;
    if (rToE) { eBusy = true; eRecord = rRecord; }
    else if (eLastFire) eBusy = false;
    // GATHER's new vector (values), then READOUT
    byte[][] completed = gComplete ? record.beats(in.pop()) : null;
    if (gToR) {
      rBusy = true;
      rLastAt = cycle + classes;
      rRecord = gFull ? gRecord : completed;
    } else if (rToE) {
      rBusy = false;
    }
    // GATHER
    if (inFire) beatIn = gComplete ? 0 : beatIn + 1;
    if (gComplete && !gToR) gRecord = completed;
    gFull = (gFull || gComplete) && !rFree;
  }

  /**
   * Decisions: the last accumulator beat of a vector, READOUT reaching its last class (and every
   * cycle while it waits there for a free EMIT or a vector waits for it), and every record beat
   * (the engine logs each).
   */
  @Override public long nextEvent(long t, boolean inFire, boolean outFire) {
    long e = Long.MAX_VALUE;
    if (inFire) e = t + (beatsPerVector - beatIn);
    if (outFire) return t + 1;
    if (rBusy) {
      if (rLastAt > t) e = Math.min(e, rLastAt);        // reaches its last class
      else if (!eBusy) return t + 1; // at its last class with EMIT idle: hands on next cycle
      // else: waiting for EMIT, which only moves when m_axis fires
    } else if (gFull) return t + 1;
    return e;
  }

  @Override public void advance(long from, long n, boolean inFire, boolean outFire) {
    if (outFire) throw new IllegalStateException(name() + ": record beats are never skipped");
    boolean reading = rBusy && from < rLastAt;
    if (inFire || reading) stats.busy += n;
    else if (eBusy || rBusy || gFull) stats.blocked += n;
    else stats.starved += n;
    if (inFire) {
      beatIn += (int) n;
      stats.inBeats(from, n);
    }
  }
}
