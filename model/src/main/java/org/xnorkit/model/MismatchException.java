package org.xnorkit.model;

/** A verification found outputs (or cycles) that differ from the reference. CLI exit code 5. */
public class MismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public MismatchException(String message) { super(message); }
}
