package org.xnorkit.simulator.unit;

/**
 * One element of the simulated stream chain (a FIFO, a layer's unit, the input or output unit).
 * Every stage has one ready/valid input port and one output port. The generated RTL has no
 * combinational path from a ready to a valid across a module boundary (docs/timing.md):
 * {@link #outValid()} depends on the stage's registers only, and so does {@link #inReady()} except
 * where a unit passes its downstream's ready through ({@link #inReady(boolean)}, the serializer;
 * FIFOs, whose ready is a register, sit between units). So the engine computes every handshake of
 * a cycle first, valids then readies from the end of the chain backwards, and then clocks every
 * stage with {@link #step}.
 */
public abstract class Stage {
  private final String name;

  protected Stage(String name) { this.name = name; }

  /** The layer (or FIFO, or unit) this stage models, as the reports name it. */
  public final String name() { return name; }

  /** The model behind a wrapper (the tests' fault injection); the stage itself otherwise. */
  public Stage unwrap() { return this; }

  /** in.ready during the current cycle (a function of the registers). */
  public abstract boolean inReady();

  /**
   * in.ready when the stage downstream shows {@code outReady}: the same as {@link #inReady()}
   * except for a stage whose in.ready looks at its own out.fire (the pixel serializer).
   */
  public boolean inReady(boolean outReady) { return inReady(); }

  /** out.valid during the current cycle (a function of the registers). */
  public abstract boolean outValid();

  /**
   * Rising edge {@code cycle}: {@code inFire} and {@code outFire} say whether a beat crossed the
   * input and the output port at this edge (valid and ready both high just before it).
   */
  public abstract void step(long cycle, boolean inFire, boolean outFire);

  /**
   * True when the stage would change state at the next edge even if no beat crossed its ports
   * (a pass in progress, a result in the pipeline, a readout). A chain where no beat can cross
   * and no stage is active stays as it is forever: a deadlock, or the end of the run.
   */
  public abstract boolean active();

  /**
   * Called after the step of cycle {@code t}, in which the ports fired as given. Returns the first
   * cycle e > t at which the stage, if its ports keep firing the same way, would do something else
   * than repeat cycle t: take a decision (start a pass, end an image), change its in.ready or
   * out.valid, or cross a boundary its statistics need. Cycles t+1 .. e−1 may then be applied at
   * once with {@link #advance}. The engine checks beforehand that the stage's signals at t+1 equal
   * those at t. The default, t + 1, never skips.
   */
  public long nextEvent(long t, boolean inFire, boolean outFire) { return t + 1; }

  /**
   * Applies the {@code n} cycles {@code from .. from+n−1}, each firing the ports as given, all of
   * them before the stage's {@link #nextEvent}: counters move, statistics accumulate, nothing
   * else happens.
   */
  public void advance(long from, long n, boolean inFire, boolean outFire) {
    throw new UnsupportedOperationException(name + " cannot skip cycles");
  }
}
