package dev.optimizer.limit;

import dev.optimizer.limit.internal.BoundedWait;
import dev.optimizer.limit.internal.LocalGcraLimiter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;

/**
 * Limits how often each key (a client, a tenant, a route) may call, at a {@link Rate} with a burst (see
 * {@link RateLimiterConfig}). Two forms, one API:
 * <ul>
 *   <li>{@link #local(String, RateLimiterConfig)}: in this JVM, lock-free (one compare-and-set per decision);
 *   <li>{@link RedisRateLimiter#create}: shared by every node through Redis, one round trip (one {@code
 *       EVALSHA}) per decision on the server's clock, never the callers'.
 * </ul>
 *
 * <p>{@link #tryAcquire(String)} never waits; {@link #acquire(String, Duration)} waits at most the given
 * time and otherwise throws {@link RateLimitedException} at once (it never waits when the wait would be
 * longer than allowed).
 *
 * <p>Thread-safe. After {@link #close()} every decision throws {@link IllegalStateException} naming the
 * limiter.
 */
public interface RateLimiter extends AutoCloseable {
  /**
   * A limiter local to this JVM.
   *
   * @param name a name for errors, stats and meter tags
   * @throws IllegalArgumentException if {@code name} is blank
   */
  static RateLimiter local(String name, RateLimiterConfig config) {
    return new LocalGcraLimiter(name, config);
  }

  /** The name given at creation. */
  String name();

  /** The configuration in force. */
  RateLimiterConfig config();

  /**
   * Takes one permit of {@code key} if its rate allows it now; never waits (a Redis limiter makes at most
   * one round trip, bounded by its connection's call budget).
   *
   * @param key the key, any non-null text (an empty key is one key like any other)
   * @return the decision; refused decisions say when to retry
   * @throws IllegalStateException after {@link #close()}
   */
  RateLimitDecision tryAcquire(String key);

  /**
   * Takes one permit of {@code key}, waiting for it up to {@code maxWait} when the retry-after the limiter
   * gives fits in what is left of it.
   *
   * @param maxWait the longest wait, zero for none
   * @return the admitting decision
   * @throws RateLimitedException if no permit is available within {@code maxWait}, carrying the retry-after
   * @throws IllegalStateException after {@link #close()}
   * @throws IllegalArgumentException if {@code maxWait} is negative
   */
  default RateLimitDecision acquire(String key, Duration maxWait) {
    return BoundedWait.acquire(this, key, maxWait);
  }

  /** A snapshot of the counters. Never throws. */
  RateLimiterStats stats();

  /**
   * The limiter's meters, registered only when {@code bindTo} is called: {@code optimizer.limit.rate.decisions}
   * tagged {@code limiter} and {@code outcome} ({@code allowed}, {@code denied}, {@code denied_local},
   * {@code fallback_allowed}, {@code fallback_denied}), {@code optimizer.limit.rate.fallbacks}, and for a
   * Redis limiter the timer {@code optimizer.limit.rate.redis.latency}.
   */
  MeterBinder metrics();

  /** Releases the limiter's state (not a shared Redis connection). Idempotent; never throws. */
  @Override
  void close();
}
