package dev.optimizer.cache.spi;

/**
 * A tier cannot serve a call now: store down or slow past its budget, circuit open, disk full, corrupt
 * file. The tiered cache treats it as a miss (or a skipped write), counts it and logs it once per outage.
 */
public class TierUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String tier;

  /**
   * @param tier the tier's name, e.g. {@code L2}
   * @param message what failed
   * @param cause the underlying failure, or null
   */
  public TierUnavailableException(String tier, String message, Throwable cause) {
    super(tier + ": " + message, cause);
    this.tier = tier;
  }

  /** The tier's name. */
  public String tier() {
    return tier;
  }
}
