package dev.optimizer.limit.internal;

import dev.optimizer.core.Ticker;
import dev.optimizer.core.support.Checks;
import dev.optimizer.limit.RateLimitDecision;
import dev.optimizer.limit.RateLimiter;
import dev.optimizer.limit.RateLimiterConfig;
import dev.optimizer.limit.RateLimiterStats;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * GCRA in this JVM: one "theoretical arrival time" per key in a padded {@link KeyState}, moved by one
 * compare-and-set per admitted call; no lock, no thread. Keys whose time has passed hold no information (a
 * fresh key behaves the same) and are swept out now and then by the calling threads.
 */
public final class LocalGcraLimiter implements RateLimiter {
  /** A key state being swept: callers holding it fetch a fresh one from the map. */
  private static final long DEAD = Long.MIN_VALUE;
  /** A fresh key: earlier than any ticker reading, so {@code max(tat, now)} is now. */
  private static final long FRESH = Long.MIN_VALUE + 1;
  /** A first lost race spins at most this many pause instructions (well under a microsecond to a few). */
  private static final int FIRST_SPINS = 32;

  private final String name;
  private final RateLimiterConfig config;
  private final Ticker ticker;
  private final long interval;
  private final long tolerance;
  private final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final RateCounters counters;
  private volatile boolean closed;

  public LocalGcraLimiter(String name, RateLimiterConfig config) {
    this.name = Checks.requireNonBlank(name, "name");
    this.config = Objects.requireNonNull(config, "config");
    this.ticker = config.ticker().orElse(Ticker.system());
    this.interval = config.rate().intervalNanos();
    this.tolerance = Math.multiplyExact(interval, (long) config.burst());
    this.counters = new RateCounters(name, false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RateLimiterConfig config() {
    return config;
  }

  @Override
  public RateLimitDecision tryAcquire(String key) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      throw new IllegalStateException("rate limiter '" + name + "' is closed");
    }
    int misses = 0;
    while (true) {
      KeyState state = keys.get(key); // the common case, without computeIfAbsent's bin lock on a miss path
      if (state == null) {
        state = keys.computeIfAbsent(key, k -> new KeyState(FRESH));
      }
      long tat = state.get();
      if (tat == DEAD) {
        keys.remove(key, state);
        continue;
      }
      long now = ticker.read(); // after the state: a decision never uses a time older than the state it moves
      long base = Math.max(tat, now);
      long ahead = base - now;
      if (ahead > tolerance) {
        counters.denied.increment();
        return new RateLimitDecision(false, 0, Duration.ofNanos(ahead - tolerance), false);
      }
      long next = base + interval;
      if (state.compareAndSet(tat, next)) {
        counters.allowed.increment();
        maybeSweep(now);
        long remaining = Math.floorDiv(tolerance - (next - now), interval) + 1;
        return new RateLimitDecision(true, Math.max(0, remaining), Duration.ZERO, false);
      }
      backOff(++misses);
    }
  }

  /**
   * After a lost compare-and-set, steps aside before the next try: a short spin the first time, then a park
   * of the shortest the OS grants (tens of microseconds), as Resilience4j's limiter does. Threads hammering
   * one key otherwise take its cache line from each other on every call; a thread that steps aside lets the
   * winner run uncontended decisions while the line stays in its core (with two threads on one key this
   * doubled throughput). Reading the clock between the state and the compare-and-set keeps each decision's
   * time no older than its state, and is also the window in which a contending thread loses and steps aside.
   * Only callers that lose races pay.
   */
  private static void backOff(int misses) {
    if (misses == 1) {
      int spins = ThreadLocalRandom.current().nextInt(FIRST_SPINS);
      for (int i = 0; i < spins; i++) {
        Thread.onSpinWait();
      }
    } else {
      LockSupport.parkNanos(1);
    }
  }

  /** Keys known right now (for tests and stats): swept keys are gone. */
  public int trackedKeys() {
    return keys.size();
  }

  private void maybeSweep(long now) {
    // About once per 1024 admissions, and only when the map is big enough to be worth it.
    if ((ThreadLocalRandom.current().nextInt() & 1023) != 0 || keys.size() < 1024) {
      return;
    }
    sweep(now);
  }

  /** Drops every key whose time has passed (it would behave as a fresh key). */
  public void sweep(long now) {
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      for (Map.Entry<String, KeyState> e : keys.entrySet()) {
        KeyState state = e.getValue();
        long tat = state.get();
        if (tat != DEAD && tat <= now && state.compareAndSet(tat, DEAD)) {
          keys.remove(e.getKey(), state);
        }
      }
    } finally {
      sweeping.set(false);
    }
  }

  @Override
  public RateLimiterStats stats() {
    return counters.stats();
  }

  @Override
  public MeterBinder metrics() {
    return counters;
  }

  @Override
  public void close() {
    closed = true;
    keys.clear();
  }

  @Override
  public String toString() {
    return "RateLimiter.local{" + name + ", " + config.rate() + ", burst=" + config.burst() + "}";
  }
}
