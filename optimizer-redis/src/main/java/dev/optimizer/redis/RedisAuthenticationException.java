package dev.optimizer.redis;

/**
 * Redis refused the connection's identity when it was built: wrong password, unknown ACL user, or a TLS
 * handshake that failed (untrusted or mismatched certificate). Thrown by {@link RedisConnection#create}
 * (and so by everything built on it) so that a misconfiguration fails at start-up instead of turning every
 * call into a silent miss.
 */
public final class RedisAuthenticationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was refused, by which server, for which user (never the password)
   * @param cause the Redis or TLS error
   */
  public RedisAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
