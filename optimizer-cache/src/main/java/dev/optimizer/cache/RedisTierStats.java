package dev.optimizer.cache;

/**
 * A point-in-time snapshot of one {@link RedisTier}'s counters since it was created.
 *
 * @param hits keys found
 * @param misses keys asked for and absent
 * @param errors calls that reached Redis (or tried to) and failed; each became a {@code
 *     TierUnavailableException}
 * @param busy calls skipped because every pooled connection was in use (a busy application, not an outage:
 *     never opens the circuit)
 * @param overBudget calls skipped because the cache call had spent its Redis time budget
 * @param rejected calls refused at once because the circuit was open
 * @param outages how many times the shared connection's circuit opened
 * @param circuitState the shared connection's circuit breaker state now
 * @param invalidationsSent invalidation messages published
 * @param invalidationsReceived invalidation messages from other nodes delivered to the listener
 * @param publishFailures invalidation messages that could not be published
 * @param resyncs RESYNCs delivered after the subscriber reconnected
 * @param subscribed whether the invalidation subscription is live now
 */
public record RedisTierStats(
    long hits,
    long misses,
    long errors,
    long busy,
    long overBudget,
    long rejected,
    long outages,
    CircuitState circuitState,
    long invalidationsSent,
    long invalidationsReceived,
    long publishFailures,
    long resyncs,
    boolean subscribed) {

  /** The circuit breaker's state. */
  public enum CircuitState {
    /** Calls go to Redis. */
    CLOSED,
    /** One probe call is testing whether Redis is back. */
    HALF_OPEN,
    /** Redis is considered down; calls fail fast until the next probe. */
    OPEN
  }
}
