package dev.optimizer.cache.spi;

/**
 * A tier cannot serve a call now: store down or slow past its budget, circuit open, disk full, corrupt
 * file; or the store is fine and this one call was not served (every pooled connection busy, the cache
 * call's time budget spent: {@link #isOutage()} false). The tiered cache treats it as a miss (or a skipped
 * write) and counts it; only an outage marks the tier down and is logged, once per outage.
 */
public class TierUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String tier;
  private final boolean outage;

  /**
   * @param tier the tier's name, e.g. {@code L2}
   * @param message what failed
   * @param cause the underlying failure, or null
   */
  public TierUnavailableException(String tier, String message, Throwable cause) {
    this(tier, message, cause, true);
  }

  /**
   * @param tier the tier's name, e.g. {@code L2}
   * @param message what failed
   * @param cause the underlying failure, or null
   * @param outage false when the store is fine and only this call was not served (busy, over budget)
   */
  public TierUnavailableException(String tier, String message, Throwable cause, boolean outage) {
    super(tier + ": " + message, cause);
    this.tier = tier;
    this.outage = outage;
  }

  /** False when the store is fine and only this call was not served (busy pool, time budget spent). */
  public boolean isOutage() {
    return outage;
  }

  /** The tier's name. */
  public String tier() {
    return tier;
  }
}
