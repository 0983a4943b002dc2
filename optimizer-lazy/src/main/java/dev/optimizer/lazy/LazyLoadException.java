package dev.optimizer.lazy;

/**
 * A load failed with a checked exception, which is this exception's cause. Unchecked exceptions and
 * errors thrown by a loader reach the caller unwrapped instead.
 */
public final class LazyLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was being loaded
   * @param cause the loader's checked exception; never null
   */
  public LazyLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
