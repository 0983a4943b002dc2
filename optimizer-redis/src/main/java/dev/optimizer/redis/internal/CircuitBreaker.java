package dev.optimizer.redis.internal;

import dev.optimizer.core.Ticker;
import dev.optimizer.core.support.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed → open after N consecutive failures → half-open (one probe call allowed once the backoff has
 * passed) → closed on a successful probe, or open again with the backoff doubled (capped).
 *
 * <p>Thread-safe and lock-free on the closed path: a call in the closed state reads one volatile field.
 * Logs once per outage (the transition to open, and the recovery), never per call.
 */
public final class CircuitBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

  /** The breaker's state. */
  public enum State {
    /** Calls go through. */
    CLOSED,
    /** One probe call is in flight; others fail fast. */
    HALF_OPEN,
    /** Calls fail fast until the probe time. */
    OPEN
  }

  // step: which backoff step the current wait is (1 = the first after opening); a failed probe takes the
  // next one.
  private record Snapshot(State state, long openedAt, long probeAt, int step) {}

  private final String name;
  private final int threshold;
  private final Backoff backoff;
  private final Ticker ticker;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicReference<Snapshot> snapshot;
  private final LongAdder outages = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private volatile @Nullable Runnable beforeProbe;

  /**
   * @param name shown in log lines (e.g. the cache and Redis address)
   * @param threshold consecutive failures that open the circuit, at least 1
   * @param initialBackoff wait before the first probe
   * @param maxBackoff cap of the doubling wait
   * @param ticker time source
   * @throws IllegalArgumentException if {@code threshold < 1}, {@code initialBackoff} is negative or
   *     {@code maxBackoff} is below it
   */
  public CircuitBreaker(String name, int threshold, Duration initialBackoff, Duration maxBackoff,
      Ticker ticker) {
    this.name = Objects.requireNonNull(name);
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be >= 1, got " + threshold);
    }
    this.threshold = threshold;
    this.backoff = Backoff.exponential(initialBackoff, maxBackoff);
    this.ticker = Objects.requireNonNull(ticker);
    this.snapshot = new AtomicReference<>(new Snapshot(State.CLOSED, 0, 0, 1));
  }

  /** Runs before each probe call, e.g. to drop pooled connections that died with the server. */
  public void beforeProbe(Runnable action) {
    this.beforeProbe = action;
  }

  /**
   * Whether a call may go to the store now. In the open state, exactly one caller past the probe time
   * gets true (it is the probe); everyone else gets false and is counted as rejected.
   */
  public boolean tryAcquire() {
    Snapshot s = snapshot.get();
    if (s.state == State.CLOSED) {
      return true;
    }
    if (s.state == State.OPEN && ticker.read() - s.probeAt >= 0) {
      Snapshot probing = new Snapshot(State.HALF_OPEN, s.openedAt, s.probeAt, s.step);
      if (snapshot.compareAndSet(s, probing)) {
        Runnable hook = beforeProbe;
        if (hook != null) {
          try {
            hook.run();
          } catch (RuntimeException e) {
            LOG.debug("{}: preparing the probe failed", name, e);
          }
        }
        return true;
      }
    }
    rejected.increment();
    return false;
  }

  /**
   * The store answered. Closes the circuit only if this was the probe: a call admitted before the circuit
   * opened can still complete from bytes already in its socket after the server died, and must not close
   * it (that showed up as a second outage right after the first).
   */
  public void onSuccess() {
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0);
    }
    Snapshot s = snapshot.get();
    if (s.state == State.HALF_OPEN
        && snapshot.compareAndSet(s, new Snapshot(State.CLOSED, 0, 0, 1))) {
      long downMillis = Duration.ofNanos(ticker.read() - s.openedAt).toMillis();
      LOG.info("{}: Redis is reachable again after {} ms; tier back in use", name, downMillis);
    }
  }

  /**
   * The store could not be reached. Opens the circuit after the threshold, or reopens it with a doubled
   * backoff if this was the probe.
   */
  public void onFailure(Throwable cause) {
    Snapshot s = snapshot.get();
    long now = ticker.read();
    if (s.state == State.HALF_OPEN) {
      int step = s.step == Integer.MAX_VALUE ? s.step : s.step + 1;
      long wait = backoff.delayNanos(step);
      if (snapshot.compareAndSet(s, new Snapshot(State.OPEN, s.openedAt, now + wait, step))) {
        LOG.debug("{}: probe failed, next in {} ms", name, Duration.ofNanos(wait).toMillis(), cause);
      }
      return;
    }
    if (s.state == State.CLOSED && consecutiveFailures.incrementAndGet() >= threshold) {
      if (snapshot.compareAndSet(s, new Snapshot(State.OPEN, now, now + backoff.delayNanos(1), 1))) {
        outages.increment();
        consecutiveFailures.set(0);
        LOG.warn("{}: Redis unreachable after {} consecutive failures; tier skipped, probing every {}..{} ms"
            + " (logged once per outage): {}", name, threshold, backoff.initial().toMillis(),
            backoff.max().toMillis(), String.valueOf(cause));
      }
    }
  }

  /**
   * The call ended without saying whether Redis is up (e.g. no pooled connection was free). A probe that
   * ends so hands the probe to the next caller instead of leaving the circuit half-open with nobody
   * probing; consecutive failures are unchanged.
   */
  public void onInconclusive() {
    Snapshot s = snapshot.get();
    if (s.state == State.HALF_OPEN) {
      snapshot.compareAndSet(s, new Snapshot(State.OPEN, s.openedAt, ticker.read(), s.step));
    }
  }

  /** Opens the circuit at once (e.g. Redis unreachable when the tier starts). */
  public void forceOpen(Throwable cause) {
    long now = ticker.read();
    Snapshot s = snapshot.get();
    if (s.state == State.CLOSED
        && snapshot.compareAndSet(s, new Snapshot(State.OPEN, now, now + backoff.delayNanos(1), 1))) {
      outages.increment();
      LOG.warn("{}: Redis unreachable; tier skipped, probing every {}..{} ms (logged once per outage): {}",
          name, backoff.initial().toMillis(), backoff.max().toMillis(),
          String.valueOf(cause));
    }
  }

  /** The current state. */
  public State state() {
    return snapshot.get().state;
  }

  /** How many times the circuit opened. */
  public long outages() {
    return outages.sum();
  }

  /** Calls refused without touching the store because the circuit was open. */
  public long rejected() {
    return rejected.sum();
  }
}
