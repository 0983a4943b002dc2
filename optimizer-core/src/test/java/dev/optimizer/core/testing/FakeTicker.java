package dev.optimizer.core.testing;

import dev.optimizer.core.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} tests move by hand, so that TTL, expiry, backoff and recheck tests never sleep. The one
 * copy for every module's tests: optimizer-core's test-jar ({@code <type>test-jar</type>}).
 *
 * <p>It starts at {@link #START_NANOS} nanoseconds and wall time {@link #START}, and both readings move
 * together, by exactly what {@link #advance} is given. Thread-safe.
 */
public final class FakeTicker implements Ticker {
  /** The first {@link #read()}: not 0, so code that treats 0 as "never" is exercised honestly. */
  public static final long START_NANOS = 1_000_000_000L;
  /** The first {@link #wallMillis()}: 2023-11-14T22:13:20Z. */
  public static final Instant START = Instant.ofEpochMilli(1_700_000_000_000L);

  private final AtomicLong nanos = new AtomicLong(START_NANOS);

  @Override
  public long read() {
    return nanos.get();
  }

  @Override
  public long wallMillis() {
    return START.toEpochMilli() + (nanos.get() - START_NANOS) / 1_000_000L;
  }

  /** {@link #wallMillis()} as an instant. */
  public Instant now() {
    return Instant.ofEpochMilli(wallMillis());
  }

  /**
   * Moves time forward by {@code d}.
   *
   * @return this, to chain
   * @throws IllegalArgumentException if {@code d} is negative: a ticker never goes backwards
   */
  public FakeTicker advance(Duration d) {
    return advanceNanos(d.toNanos());
  }

  /**
   * Moves time forward by {@code n} nanoseconds.
   *
   * @return this, to chain
   * @throws IllegalArgumentException if {@code n} is negative: a ticker never goes backwards
   */
  public FakeTicker advanceNanos(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("a ticker never goes backwards; advance was " + n + " ns");
    }
    nanos.addAndGet(n);
    return this;
  }

  @Override
  public String toString() {
    return "FakeTicker[" + now() + "]";
  }
}
