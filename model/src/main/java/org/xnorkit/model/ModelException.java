package org.xnorkit.model;

/**
 * A model, plan or data file that is not acceptable. Carries the JSON pointer of the offending
 * place ({@code /layers/3/quantizer/thresholds/17}) and the layer's name where there is one, so
 * every error a user sees names where to look.
 */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final String layer;
  private final String source;

  public ModelException(String source, String path, String layer, String message, Throwable cause) {
    super(message, cause);
    this.source = source;
    this.path = path == null ? "" : path;
    this.layer = layer;
  }

  public ModelException(String path, String layer, String message) {
    this(null, path, layer, message, null);
  }

  /** JSON pointer of the offending value, "" for the whole document. */
  public String path() { return path; }

  /** The layer's name, or null when the error is not inside a layer. */
  public String layer() { return layer; }

  /** File (or other source) the error was found in, or null. */
  public String source() { return source; }

  /** The same error, now known to come from {@code source}. */
  public ModelException inSource(String source) {
    return new ModelException(source, path, layer, super.getMessage(), getCause());
  }

  /** The same error one level further out: {@code prefix} is prepended to the path. */
  public ModelException under(String prefix) {
    return new ModelException(source, prefix + path, layer, super.getMessage(), getCause());
  }

  /** The bare message without location. */
  public String reason() { return super.getMessage(); }

  @Override
  public String getMessage() {
    StringBuilder sb = new StringBuilder();
    if (source != null) sb.append(source).append(": ");
    if (!path.isEmpty()) sb.append(path).append(": ");
    if (layer != null) sb.append("layer '").append(layer).append("': ");
    sb.append(super.getMessage());
    return sb.toString();
  }
}
