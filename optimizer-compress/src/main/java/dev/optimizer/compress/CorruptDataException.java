package dev.optimizer.compress;

import org.jspecify.annotations.Nullable;

/**
 * The input to decompression is not a valid frame: corrupt, truncated, foreign, or beyond the configured
 * limits. Nothing was returned from it; the message names what was wrong (and the algorithm when the
 * codec rejected the payload).
 */
public class CorruptDataException extends CompressionException {
  private static final long serialVersionUID = 1L;

  /** With a message naming what was wrong. */
  public CorruptDataException(String message) {
    super(message);
  }

  /** With a message naming what was wrong and the codec's own exception. */
  public CorruptDataException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
