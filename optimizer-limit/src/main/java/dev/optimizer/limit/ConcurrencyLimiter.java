package dev.optimizer.limit;

import dev.optimizer.core.Tunable;
import dev.optimizer.limit.internal.AdaptiveConcurrencyLimiter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Admits only as many concurrent calls as the service finishes without its latency rising: the limit is
 * estimated from measured latencies (see {@link ConcurrencyLimiterConfig}). A call beyond the limit waits
 * in a small bounded queue, or is refused at once with {@link ConcurrencyLimitExceededException}. In
 * monitor-only mode every call is admitted and the would-be rejections are counted.
 *
 * <p>Each admitted call holds a {@link Permit} that must be released exactly once (try-with-resources):
 * {@link Permit#close()} records its latency; {@link Permit#dropped()} reports a timeout or overload
 * failure, which pushes the limit down; {@link Permit#ignore()} releases without a sample (a call that
 * failed fast for its own reasons).
 *
 * <p>Under CPU pressure the optimizer's tuning loop may cap the limit through {@link #tunable()}, one step
 * per pass, and lifts the cap step by step once the pressure is relieved; each move is a {@code TuningEvent}.
 *
 * <p>Thread-safe. After {@link #close()} acquiring throws {@link IllegalStateException}; permits held may
 * still be released.
 */
public interface ConcurrencyLimiter extends AutoCloseable {
  /**
   * A limiter.
   *
   * @param name a name for errors, stats, meter tags and tuning events
   * @throws IllegalArgumentException if {@code name} is blank
   */
  static ConcurrencyLimiter create(String name, ConcurrencyLimiterConfig config) {
    return new AdaptiveConcurrencyLimiter(name, config);
  }

  /** One admitted call's hold on the limiter. Release it once; later releases do nothing. */
  interface Permit extends AutoCloseable {
    /** Releases the permit and records the call's latency (the call succeeded or failed normally). */
    @Override
    void close();

    /** Releases the permit, reporting a timeout or overload failure: the limit shrinks. */
    void dropped();

    /** Releases the permit without a latency sample. */
    void ignore();
  }

  /** The name given at creation. */
  String name();

  /** The configuration in force. */
  ConcurrencyLimiterConfig config();

  /**
   * A permit if one is free now; never waits, never throws for the limit.
   *
   * @return empty when the limit is reached (never in monitor-only mode)
   * @throws IllegalStateException after {@link #close()}
   */
  Optional<Permit> tryAcquire();

  /**
   * A permit, waiting in the queue (at most {@link ConcurrencyLimiterConfig#queueTimeout()}) when the limit
   * is reached and the queue has room.
   *
   * @throws ConcurrencyLimitExceededException when the queue is full or the wait ran out
   * @throws IllegalStateException after {@link #close()}
   */
  Permit acquire();

  /**
   * Runs {@code call} under a permit: latency recorded on return or exception.
   *
   * @throws ConcurrencyLimitExceededException as {@link #acquire()}, before {@code call} runs
   * @throws Exception what {@code call} threw
   */
  default <T> T call(Callable<T> call) throws Exception {
    try (Permit p = acquire()) {
      return call.call();
    }
  }

  /** The limit in force now. */
  int limit();

  /** Calls holding a permit now. */
  int inFlight();

  /** The tuning loop's handle on the limit (register it with the optimizer; the module does). */
  Tunable tunable();

  /** A snapshot. Never throws. */
  ConcurrencyLimiterStats stats();

  /**
   * Meters registered when {@code bindTo} is called, tagged {@code limiter}: gauges {@code
   * optimizer.limit.concurrency.limit}, {@code .in_flight}, {@code .latency.no_load} and {@code
   * .latency.window} (seconds), counters {@code optimizer.limit.concurrency.calls{outcome=accepted|rejected|
   * would_reject}}, {@code .queued} and {@code .probes}.
   */
  MeterBinder metrics();

  /** Stops admitting; idempotent, never throws. Queued callers are refused. */
  @Override
  void close();
}
