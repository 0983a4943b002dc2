package dev.optimizer.lazy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one {@link LazyLoader} (or one {@code @LazyLoad} method). Immutable.
 *
 * @param key the loader's key
 * @param strategy its strategy
 * @param priority its preload priority
 * @param ttl its TTL, empty for none
 * @param loaded whether a fresh value is held now
 * @param loads successful loads so far
 * @param failures failed loads so far
 * @param staleServes calls answered with a stale value (CACHED) so far
 * @param totalLoadTime time spent in loads, successful or not, by the registry's ticker
 */
public record LoaderStats(String key, LoadStrategy strategy, Priority priority, Optional<Duration> ttl,
    boolean loaded, long loads, long failures, long staleServes, Duration totalLoadTime) {
  /** Rejects nulls. */
  public LoaderStats {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(totalLoadTime, "totalLoadTime");
  }

  /** Mean time of a load attempt, or zero before the first. */
  public Duration averageLoadTime() {
    long attempts = loads + failures;
    return attempts == 0 ? Duration.ZERO : totalLoadTime.dividedBy(attempts);
  }
}
