package dev.optimizer.batch;

import java.util.NoSuchElementException;

/** A {@link Coalescer} bulk call returned no value for a key while {@link MissingKeyPolicy#FAIL} is in force. */
public final class MissingKeyException extends NoSuchElementException {
  private static final long serialVersionUID = 1L;

  /** @param message names the key */
  public MissingKeyException(String message) {
    super(message);
  }
}
