package dev.optimizer.cache;

/**
 * Redis refused this tier's identity when the tier was built: wrong password, unknown ACL user, or a
 * TLS handshake that failed (untrusted or mismatched certificate). Thrown by {@link RedisTier#create}
 * so a misconfiguration fails at start-up instead of turning every call into a silent miss.
 */
public final class RedisTierAuthenticationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was refused, by which server, for which user (never the password)
   * @param cause the Redis or TLS error
   */
  public RedisTierAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
