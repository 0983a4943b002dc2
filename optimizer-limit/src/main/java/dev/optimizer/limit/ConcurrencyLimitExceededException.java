package dev.optimizer.limit;

/**
 * A call refused by a {@link ConcurrencyLimiter}: as many calls as its limit were in flight and its queue
 * was full, or the queued caller's wait ran out. Thrown fast: the caller should shed the call (e.g. HTTP
 * 503) rather than retry at once.
 */
public final class ConcurrencyLimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String limiter;
  private final int limit;

  /**
   * @param limiter the limiter's name
   * @param limit the limit in force when the call was refused
   * @param queued whether the caller waited in the queue first
   */
  public ConcurrencyLimitExceededException(String limiter, int limit, boolean queued) {
    super("concurrency limit '" + limiter + "' of " + limit + " reached" + (queued ? " (queue wait ran out)"
        : " (queue full)"));
    this.limiter = limiter;
    this.limit = limit;
  }

  /** The name of the limiter that refused. */
  public String limiter() {
    return limiter;
  }

  /** The limit in force when the call was refused. */
  public int limit() {
    return limit;
  }
}
