package dev.optimizer.limit.internal;

import dev.optimizer.limit.RateLimiterStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** A rate limiter's counters, its {@code stats()} and its {@code metrics()}. Thread-safe. */
public final class RateCounters implements MeterBinder {
  private final String name;
  private final boolean redis;
  final LongAdder allowed = new LongAdder();
  final LongAdder denied = new LongAdder();
  final LongAdder deniedLocally = new LongAdder();
  final LongAdder fallbackAllowed = new LongAdder();
  final LongAdder fallbackDenied = new LongAdder();
  final LongAdder redisCalls = new LongAdder();
  final LongAdder redisNanos = new LongAdder();
  private final CopyOnWriteArrayList<Timer> timers = new CopyOnWriteArrayList<>();
  private final Set<MeterRegistry> bound = Collections.newSetFromMap(new IdentityHashMap<>());

  RateCounters(String name, boolean redis) {
    this.name = name;
    this.redis = redis;
  }

  void redisCall(long nanos) {
    redisCalls.increment();
    redisNanos.add(nanos);
    if (!timers.isEmpty()) {
      for (Timer t : timers) {
        t.record(nanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  RateLimiterStats stats() {
    long fa = fallbackAllowed.sum();
    long fd = fallbackDenied.sum();
    return new RateLimiterStats(name, allowed.sum() + fa, denied.sum() + deniedLocally.sum() + fd,
        deniedLocally.sum(), fa + fd, redisCalls.sum(), Duration.ofNanos(redisNanos.sum()));
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (!bound.add(registry)) {
      return;
    }
    Tags tags = Tags.of("limiter", name);
    decisions(registry, tags, "allowed", allowed);
    decisions(registry, tags, "denied", denied);
    decisions(registry, tags, "denied_local", deniedLocally);
    decisions(registry, tags, "fallback_allowed", fallbackAllowed);
    decisions(registry, tags, "fallback_denied", fallbackDenied);
    FunctionCounter.builder("optimizer.limit.rate.fallbacks", this, c -> c.fallbackAllowed.sum()
        + c.fallbackDenied.sum()).tags(tags).description("decisions taken by the failure policy").register(registry);
    if (redis) {
      timers.add(Timer.builder("optimizer.limit.rate.redis.latency").tags(tags)
          .description("one decision's round trip to Redis, failures included").register(registry));
    }
  }

  private static void decisions(MeterRegistry registry, Tags tags, String outcome, LongAdder adder) {
    FunctionCounter.builder("optimizer.limit.rate.decisions", adder, LongAdder::sum).tags(tags)
        .tag("outcome", outcome).register(registry);
  }
}
