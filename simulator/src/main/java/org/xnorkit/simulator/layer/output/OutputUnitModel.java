package org.xnorkit.simulator.layer.output;

import org.xnorkit.simulator.unit.Stage;
import org.xnorkit.simulator.unit.UnitStats;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * Cycle model of hwgen's output unit ({@code rtl/OutputUnit.scala}, docs/timing.md "Output unit"):
 * GATHER ({@code in.ready = 1}) takes the NF beats of class accumulators; the fire of the last one
 * switches to READOUT, one class per cycle for {@code classes} cycles (the edge of the last class
 * switches to EMIT); EMIT drives {@code m_axis_tvalid} and offers the record's beats, one per
 * cycle while {@code m_axis_tready}; the fire of the last beat switches back to GATHER.
 *
 * <p>Values: when the last accumulator beat arrives the record is built ({@link OutputRecord})
 * from the accumulators the output layer's MVTU computed; its beats are what m_axis carries.
 */
public final class OutputUnitModel extends Stage {
  private static final int GATHER = 0, READOUT = 1, EMIT = 2;

  private final int beatsPerVector;
  private final int classes;
  private final OutputRecord record;
  private final VectorChannel<long[]> in;
  private final UnitStats stats;

  private int state = GATHER;
  private int beatIn;
  private long readoutLast;
  private int beatOut;
  private byte[][] beats;

  public OutputUnitModel(String name, int beatsPerVector, OutputRecord record, VectorChannel<long[]> in) {
    super(name);
    this.beatsPerVector = beatsPerVector;
    this.classes = record.classes();
    this.record = record;
    this.in = in;
    this.stats = new UnitStats(beatsPerVector, record.beats());
  }

  public UnitStats stats() { return stats; }
  public OutputRecord record() { return record; }

  @Override public boolean inReady() { return state == GATHER; }
  /** m_axis_tvalid. */
  @Override public boolean outValid() { return state == EMIT; }
  @Override public boolean active() { return state == READOUT; }

  /** m_axis_tdata of the beat on offer (valid only while {@link #outValid()}). */
  public byte[] beatData() { return beats[beatOut]; }
  public byte[] beatKeep() { return record.keep(beatOut); }
  public boolean beatLast() { return beatOut == record.beats() - 1; }
  public String stateName() { return state == GATHER ? "GATHER" : state == READOUT ? "READOUT" : "EMIT"; }

  @Override public void step(long cycle, boolean inFire, boolean outFire) {
    switch (state) {
      case GATHER -> {
        if (inFire) {
          stats.busy++;
          stats.inBeat(cycle);
          if (++beatIn == beatsPerVector) {
            beatIn = 0;
            state = READOUT;
            readoutLast = cycle + classes; // classes cycles of READOUT: idx 0 .. classes−1
            beats = record.beats(in.pop());
          }
        } else {
          stats.starved++;
        }
      }
      case READOUT -> {
        stats.busy++;
        if (cycle == readoutLast) state = EMIT;
      }
      default -> {
        if (outFire) {
          stats.busy++;
          stats.outBeat(cycle);
          if (++beatOut == record.beats()) {
            beatOut = 0;
            state = GATHER;
          }
        } else {
          stats.blocked++;
        }
      }
    }
  }

  /** Decisions: the last accumulator beat, the last class of the readout, and every record beat (the engine logs each). */
  @Override public long nextEvent(long t, boolean inFire, boolean outFire) {
    return switch (state) {
      case GATHER -> inFire ? t + (beatsPerVector - beatIn) : Long.MAX_VALUE;
      case READOUT -> readoutLast;
      default -> outFire ? t + 1 : Long.MAX_VALUE;
    };
  }

  @Override public void advance(long from, long n, boolean inFire, boolean outFire) {
    switch (state) {
      case GATHER -> {
        if (inFire) {
          beatIn += (int) n;
          stats.busy += n;
          stats.inBeats(from, n);
        } else stats.starved += n;
      }
      case READOUT -> stats.busy += n;
      default -> stats.blocked += n;
    }
  }
}
