package dev.optimizer.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker tests advance by hand. */
final class FakeTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  FakeTicker advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    return this;
  }

  @Override
  public long read() {
    return nanos.get();
  }
}
