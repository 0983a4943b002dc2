package dev.optimizer.limit.internal;

import dev.optimizer.core.Ticker;
import dev.optimizer.core.Tunable;
import dev.optimizer.core.support.Checks;
import dev.optimizer.limit.ConcurrencyLimitExceededException;
import dev.optimizer.limit.ConcurrencyLimiter;
import dev.optimizer.limit.ConcurrencyLimiterConfig;
import dev.optimizer.limit.ConcurrencyLimiterStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission (a CAS on the in-flight count, a small queue on a lock and condition) around a {@link
 * GradientEstimator} fed by windows of latency samples. The window is closed by whichever release
 * completes it, under the window lock; nothing else takes that lock, so admission never waits for it.
 */
public final class AdaptiveConcurrencyLimiter implements ConcurrencyLimiter, MeterBinder {
  private static final int MAX_SAMPLES = 8192;

  private final String name;
  private final ConcurrencyLimiterConfig config;
  private final Ticker ticker;
  private final GradientEstimator estimator;
  private final ConcurrencyCap cap;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final ReentrantLock queueLock = new ReentrantLock();
  private final Condition released = queueLock.newCondition();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder wouldReject = new LongAdder();
  private final LongAdder queued = new LongAdder();
  private final Object windowLock = new Object();
  private final long[] samples = new long[MAX_SAMPLES]; // guarded by windowLock
  private final long windowNanos;
  /** A probe runs at a low concurrency: half a window's samples, at least 5, whatever time they take. */
  private final int probeSamples;
  private final Set<MeterRegistry> bound = Collections.newSetFromMap(new IdentityHashMap<>());
  private int sampleCount; // guarded by windowLock
  private long windowStart; // guarded by windowLock
  private boolean windowDropped; // guarded by windowLock
  private long probes; // guarded by windowLock
  private volatile boolean probing;
  private volatile long epoch;
  private volatile int admitLimit;
  private volatile boolean closed;

  public AdaptiveConcurrencyLimiter(String name, ConcurrencyLimiterConfig config) {
    this.name = Checks.requireNonBlank(name, "name");
    this.config = Objects.requireNonNull(config, "config");
    this.ticker = config.ticker().orElse(Ticker.system());
    this.estimator = new GradientEstimator(config);
    this.cap = new ConcurrencyCap(name, config.minLimit(), estimator::limit, this::refreshLimit);
    this.windowNanos = config.window().toNanos();
    this.probeSamples = Math.max(5, config.minWindowSamples() / 2);
    this.windowStart = ticker.read();
    this.admitLimit = config.initialLimit();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ConcurrencyLimiterConfig config() {
    return config;
  }

  @Override
  public Optional<Permit> tryAcquire() {
    checkOpen();
    Permit p = admit();
    if (p == null) {
      rejected.increment();
      return Optional.empty();
    }
    return Optional.of(p);
  }

  @Override
  public Permit acquire() {
    checkOpen();
    Permit p = admit();
    if (p != null) {
      return p;
    }
    if (waiting.incrementAndGet() > config.queueSize()) {
      waiting.decrementAndGet();
      rejected.increment();
      throw new ConcurrencyLimitExceededException(name, admitLimit, false);
    }
    queued.increment();
    try {
      long left = config.queueTimeout().toNanos();
      queueLock.lock();
      try {
        while (true) {
          p = admit();
          if (p != null) {
            return p;
          }
          if (left <= 0 || closed) {
            rejected.increment();
            throw new ConcurrencyLimitExceededException(name, admitLimit, true);
          }
          left = released.awaitNanos(left);
        }
      } finally {
        queueLock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rejected.increment();
      throw new ConcurrencyLimitExceededException(name, admitLimit, true);
    } finally {
      waiting.decrementAndGet();
    }
  }

  /** A permit if the in-flight count is below the limit (always in monitor-only mode), else null. */
  private Permit admit() {
    if (config.monitorOnly()) {
      int n = inFlight.incrementAndGet();
      if (n > admitLimit) {
        wouldReject.increment();
      }
      return granted(n);
    }
    while (true) {
      int n = inFlight.get();
      if (n >= admitLimit) {
        return null;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return granted(n + 1);
      }
    }
  }

  private Permit granted(int nowInFlight) {
    accepted.increment();
    if (nowInFlight > peak.get()) {
      peak.accumulateAndGet(nowInFlight, Math::max);
    }
    return new HeldPermit(ticker.read(), epoch);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("concurrency limiter '" + name + "' is closed");
    }
  }

  private void release(HeldPermit permit, int kind) {
    inFlight.decrementAndGet();
    if (waiting.get() > 0) {
      queueLock.lock();
      try {
        released.signal();
      } finally {
        queueLock.unlock();
      }
    }
    if (kind == HeldPermit.IGNORE) {
      return;
    }
    long now = ticker.read();
    long latency = Math.max(0, now - permit.start);
    record(latency, permit.epoch, kind == HeldPermit.DROPPED, now);
  }

  private void record(long latency, long permitEpoch, boolean dropped, long now) {
    synchronized (windowLock) {
      if (probing && permitEpoch != epoch) {
        return; // admitted before the probe, at a higher concurrency: not a no-load figure
      }
      if (dropped) {
        windowDropped = true;
      }
      if (sampleCount < MAX_SAMPLES) {
        samples[sampleCount++] = latency;
      }
      if (probing ? sampleCount < probeSamples : now - windowStart < windowNanos
          || sampleCount < config.minWindowSamples()) {
        return;
      }
      long p = percentile();
      if (probing) {
        estimator.onProbe(p);
        probing = false;
      } else {
        boolean probeNext = estimator.onWindow(p, peak.get(), windowDropped);
        if (probeNext && !config.monitorOnly()) {
          probes++;
          epoch++;
          probing = true;
        }
      }
      sampleCount = 0;
      windowStart = now;
      windowDropped = false;
      peak.set(inFlight.get());
      refreshLimit();
    }
  }

  private long percentile() {
    Arrays.sort(samples, 0, sampleCount);
    int index = (int) Math.ceil(config.percentile() * sampleCount) - 1;
    return samples[Math.max(0, Math.min(sampleCount - 1, index))];
  }

  private void refreshLimit() {
    admitLimit = probing ? config.probeLimit() : Math.min(estimator.limit(), cap.cap());
  }

  @Override
  public int limit() {
    return admitLimit;
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public Tunable tunable() {
    return cap;
  }

  @Override
  public ConcurrencyLimiterStats stats() {
    long noLoad;
    long window;
    long probeCount;
    int estimate;
    synchronized (windowLock) {
      noLoad = Math.max(0, estimator.noLoadNanos());
      window = estimator.lastWindowNanos();
      probeCount = probes;
      estimate = estimator.limit();
    }
    int c = cap.cap();
    return new ConcurrencyLimiterStats(name, admitLimit, estimate, c == ConcurrencyCap.NONE ? -1 : c, inFlight.get(),
        accepted.sum(), rejected.sum(), wouldReject.sum(), queued.sum(), probeCount, Duration.ofNanos(noLoad),
        Duration.ofNanos(window));
  }

  @Override
  public MeterBinder metrics() {
    return this;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (!bound.add(registry)) {
      return;
    }
    Tags tags = Tags.of("limiter", name);
    Gauge.builder("optimizer.limit.concurrency.limit", this, AdaptiveConcurrencyLimiter::limit).tags(tags)
        .register(registry);
    Gauge.builder("optimizer.limit.concurrency.in_flight", this, AdaptiveConcurrencyLimiter::inFlight).tags(tags)
        .register(registry);
    Gauge.builder("optimizer.limit.concurrency.latency.no_load", this, l -> l.stats().noLoadLatency().toNanos() / 1e9)
        .tags(tags).baseUnit("seconds").register(registry);
    Gauge.builder("optimizer.limit.concurrency.latency.window", this, l -> l.stats().windowLatency().toNanos() / 1e9)
        .tags(tags).baseUnit("seconds").register(registry);
    calls(registry, tags, "accepted", accepted);
    calls(registry, tags, "rejected", rejected);
    calls(registry, tags, "would_reject", wouldReject);
    FunctionCounter.builder("optimizer.limit.concurrency.queued", queued, LongAdder::sum).tags(tags)
        .register(registry);
    FunctionCounter.builder("optimizer.limit.concurrency.probes", this, l -> l.stats().probes()).tags(tags)
        .register(registry);
  }

  private static void calls(MeterRegistry registry, Tags tags, String outcome, LongAdder adder) {
    FunctionCounter.builder("optimizer.limit.concurrency.calls", adder, LongAdder::sum).tags(tags)
        .tag("outcome", outcome).register(registry);
  }

  @Override
  public void close() {
    closed = true;
    queueLock.lock();
    try {
      released.signalAll();
    } finally {
      queueLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "ConcurrencyLimiter{" + name + ", limit=" + admitLimit + ", inFlight=" + inFlight.get() + "}";
  }

  private final class HeldPermit implements Permit {
    static final int SAMPLE = 0;
    static final int DROPPED = 1;
    static final int IGNORE = 2;

    final long start;
    final long epoch;
    private final AtomicBoolean done = new AtomicBoolean();

    HeldPermit(long start, long epoch) {
      this.start = start;
      this.epoch = epoch;
    }

    @Override
    public void close() {
      end(SAMPLE);
    }

    @Override
    public void dropped() {
      end(DROPPED);
    }

    @Override
    public void ignore() {
      end(IGNORE);
    }

    private void end(int kind) {
      if (done.compareAndSet(false, true)) {
        release(this, kind);
      }
    }
  }

}
