package org.xnorkit.driver;

import java.io.IOException;
import org.xnorkit.model.engine.Inference;

/**
 * One stream of images through an {@link Accelerator}. The writer side ({@link #send},
 * {@link #flush}, {@link #finish}) and the reader side ({@link #receive}) are used by two
 * different threads; results come out in the order the images went in.
 */
public interface Session extends AutoCloseable {
  /** Queues one image (raw pixels, HWC); may block while the backend is full. */
  void send(byte[] pixels) throws IOException;

  /** The end of a batch: everything sent so far is handed to the backend. */
  void flush() throws IOException;

  /** No more images: the backend drains and ends the stream. */
  void finish() throws IOException;

  /**
   * The next result, in input order, or null once the stream ended cleanly (after {@link #finish}).
   * Blocks. A backend that died or answers garbage throws {@link BackendException} (without an
   * image id: the driver knows which image it was on and adds it).
   */
  Output receive() throws IOException;

  /** How the stream ended, once {@link #receive} returned null. */
  End end();

  /** Stops the backend at once (timeouts, errors); safe to call twice and from any thread. */
  void abort();

  /** What runs this session, for error messages ("Verilator harness, pid 1234"). */
  String describe();

  @Override default void close() { abort(); }

  /**
   * One image's result. Cycles are the design's (−1 where the backend has none): the cycle its
   * first input beat fired and the cycle its last result beat fired.
   */
  record Output(Inference inference, long firstInputCycle, long lastOutputCycle) {}

  /** The backend's own account of the stream: cycles run (−1 if none), images it took and returned. */
  record End(long cycles, long imagesIn, long imagesOut) {}
}
