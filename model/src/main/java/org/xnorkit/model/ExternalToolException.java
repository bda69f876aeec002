package org.xnorkit.model;

/** An external tool (Verilator, Yosys, firtool, gcc, a simulator process) is missing, failed or crashed. CLI exit code 6. */
public class ExternalToolException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public ExternalToolException(String message) { super(message); }
  public ExternalToolException(String message, Throwable cause) { super(message, cause); }
}
