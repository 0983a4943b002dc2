package dev.optimizer.compress;

import org.jspecify.annotations.Nullable;

/** Compression or decompression failed. Unchecked: callers rarely can do more than report it. */
public class CompressionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message naming what failed. */
  public CompressionException(String message) {
    super(message);
  }

  /** With a message naming what failed and the underlying cause. */
  public CompressionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
