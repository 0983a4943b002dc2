package dev.optimizer.redis;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call on a {@link RedisConnection} did not run or did not complete. {@link #reason()} says why, so a
 * caller can tell a busy application ({@link Reason#BUSY}, {@link Reason#OVER_BUDGET}) from a Redis that
 * is down ({@link Reason#DOWN}, {@link Reason#CIRCUIT_OPEN}) or a command Redis refused ({@link
 * Reason#REFUSED}). Every one of them is counted in {@link RedisConnection#stats()}.
 */
public final class RedisUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the call did not complete. */
  public enum Reason {
    /** Every pooled connection was in use for the whole borrow timeout; Redis itself is fine. */
    BUSY,
    /** The caller's time budget could not cover another round trip; the call was not sent. */
    OVER_BUDGET,
    /** The circuit breaker is open after an outage; the call was not sent. */
    CIRCUIT_OPEN,
    /** Redis could not be reached or did not answer in time. */
    DOWN,
    /** Redis answered with an error (e.g. NOPERM, OOM, a script error). */
    REFUSED,
    /** The connection was closed. */
    CLOSED
  }

  private final Reason reason;

  /**
   * @param reason why
   * @param message what failed, naming the server
   * @param cause the client's exception, if any
   */
  public RedisUnavailableException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the call did not complete. */
  public Reason reason() {
    return reason;
  }
}
