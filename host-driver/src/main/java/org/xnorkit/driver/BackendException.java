package org.xnorkit.driver;

import org.xnorkit.model.ExternalToolException;

/**
 * A backend failed: it died, hung past the timeout or answered something that is not a valid
 * result. {@link #imageId()} is the image the stream was on (−1 when none was), and the message
 * names it, so a failure is never silent and never blamed on the wrong image.
 */
public class BackendException extends ExternalToolException {
  private final long imageId;

  public BackendException(String message) { this(message, -1, null); }

  public BackendException(String message, Throwable cause) { this(message, -1, cause); }

  public BackendException(String message, long imageId, Throwable cause) {
    super(message, cause);
    this.imageId = imageId;
  }

  public long imageId() { return imageId; }

  /** The same failure, now naming the image the stream was on. */
  BackendException onImage(long id, String backend) {
    if (imageId >= 0) return this;
    return new BackendException(backend + " failed on image " + id + ": " + getMessage(), id, this);
  }
}
