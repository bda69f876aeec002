package org.xnorkit.driver;

import java.io.IOException;

/**
 * Something that classifies images: the CPU reference engine, a simulation of the generated
 * design (Verilator, the Java cycle simulator) or a board. Images go in and results come out of a
 * {@link Session} as streams, in order; the {@link StreamingDriver} matches them to image ids.
 */
public interface Accelerator extends AutoCloseable {
  /** A short name for tables and error messages ("cpu", "verilator", ...). */
  String name();

  /** True when results carry the design's cycle numbers (simulations and boards with counters). */
  boolean reportsCycles();

  /** Starts a stream of images. One session at a time per accelerator. */
  Session open() throws IOException;

  @Override default void close() {}
}
