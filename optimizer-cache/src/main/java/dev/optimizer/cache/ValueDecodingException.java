package dev.optimizer.cache;

/**
 * Bytes from L2 or L3 could not be turned back into a value: foreign bytes, a different codec, a class
 * outside the allow-list, a torn or corrupt frame. The {@link TieredCache} treats it as a miss, counts it
 * and logs it; it never reaches the caller of {@code get}.
 */
public class ValueDecodingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what could not be decoded and why
   * @param cause the underlying failure, or null
   */
  public ValueDecodingException(String message, Throwable cause) {
    super(message, cause);
  }

  /** @param message what could not be decoded and why */
  public ValueDecodingException(String message) {
    super(message);
  }
}
