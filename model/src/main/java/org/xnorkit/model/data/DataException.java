package org.xnorkit.model.data;

/**
 * A data set file that cannot be used: wrong format, truncated, inconsistent with its partner file,
 * or not found (then the cause is a {@link java.nio.file.NoSuchFileException}, which the CLI maps
 * to its "missing file" exit code). The message always names the file and what was expected.
 */
public class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) { super(message); }

  public DataException(String message, Throwable cause) { super(message, cause); }
}
