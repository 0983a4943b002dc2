package dev.optimizer.batch;

import static dev.optimizer.core.support.Checks.requireAtLeast;
import static dev.optimizer.core.support.Checks.requireNonNegative;

import dev.optimizer.batch.internal.CoalescerMeterBinder;
import dev.optimizer.core.Ticker;
import dev.optimizer.core.support.DaemonThreadFactory;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request collapser: concurrent single-key {@link #load} calls become one {@link BulkLoader#loadAll}
 * call. Thread-safe.
 *
 * <pre>{@code
 * Coalescer<Long, User> users = Coalescer.builder((Set<Long> ids) -> repo.findAllById(ids))
 *     .maxBatchSize(200).maxDelay(Duration.ofMillis(5)).build();
 * User u = users.load(42L).join();
 * }</pre>
 *
 * <p>A bulk call starts when {@code maxBatchSize} distinct keys wait, or {@code maxDelay} after the first
 * of them arrived, whichever comes first, as long as fewer than {@code maxConcurrentCalls} bulk calls run.
 * Keys arriving while the limit of calls is in flight wait and form the next call as soon as one returns
 * (natural batching: the busier the backend, the larger the batches, with no added delay). A key asked
 * for twice while waiting is loaded once and both callers get its value. A key absent from the result
 * completes with null or fails with {@link MissingKeyException}, per {@link MissingKeyPolicy}. A bulk call
 * that throws fails exactly the callers whose keys it carried, with what it threw.
 *
 * <p>Futures complete on the bulk thread; do not block in their dependent stages. {@link #close()}
 * starts a final bulk call for the keys still waiting, waits for the calls in flight, and stops the
 * coalescer's threads; {@code load} after close throws {@link IllegalStateException}.
 *
 * @param <K> key type (must have consistent {@code equals}/{@code hashCode})
 * @param <V> value type
 */
public final class Coalescer<K, V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Coalescer.class);

  private final BulkLoader<K, V> loader;
  private final String name;
  private final int maxBatchSize;
  private final long maxDelayNanos;
  private final int maxConcurrentCalls;
  private final MissingKeyPolicy missingKeys;
  private final Executor executor;
  private final @Nullable ThreadPoolExecutor ownExecutor;
  private final ScheduledThreadPoolExecutor timer;
  private final Ticker ticker;

  private final Object lock = new Object();
  private LinkedHashMap<K, CompletableFuture<@Nullable V>> pending = new LinkedHashMap<>();
  private long epoch;
  private boolean timerArmed;
  private int inFlight;
  private boolean closed;

  private final LongAdder requests = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder bulkCalls = new LongAdder();
  private final LongAdder failedCalls = new LongAdder();
  private final LongAdder keysLoaded = new LongAdder();
  private final LongAdder missing = new LongAdder();
  private final CoalescerMeterBinder meters;

  private Coalescer(Builder<K, V> b) {
    this.loader = b.loader;
    this.name = b.name;
    this.maxBatchSize = b.maxBatchSize;
    this.maxDelayNanos = b.maxDelay.toNanos();
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.missingKeys = b.missingKeys;
    this.ticker = b.ticker;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownExecutor = null;
    } else {
      ThreadPoolExecutor pool = new ThreadPoolExecutor(maxConcurrentCalls, maxConcurrentCalls, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), DaemonThreadFactory.of("batch", name + "-bulk"));
      pool.allowCoreThreadTimeOut(true);
      this.ownExecutor = pool;
      this.executor = pool;
    }
    this.timer = new ScheduledThreadPoolExecutor(1, DaemonThreadFactory.of("batch", name + "-timer"));
    timer.setRemoveOnCancelPolicy(true);
    this.meters = new CoalescerMeterBinder(name, this::stats);
  }

  /** A builder for a coalescer in front of {@code loader}. */
  public static <K, V> Builder<K, V> builder(BulkLoader<K, V> loader) {
    return new Builder<>(Objects.requireNonNull(loader, "loader"));
  }

  /**
   * The value of {@code key}, from the bulk call it joins.
   *
   * @return completes with the value, with null for a missing key under {@link MissingKeyPolicy#EMPTY},
   *     or exceptionally with what the bulk call threw (or {@link MissingKeyException})
   * @throws IllegalStateException if the coalescer is closed
   */
  public CompletableFuture<@Nullable V> load(K key) {
    Objects.requireNonNull(key, "key");
    requests.increment();
    CompletableFuture<@Nullable V> f;
    List<LinkedHashMap<K, CompletableFuture<@Nullable V>>> ready = null;
    long armEpoch = -1;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("coalescer " + name + " is closed");
      }
      f = pending.get(key);
      if (f != null) {
        duplicates.increment();
      } else {
        f = new CompletableFuture<>();
        pending.put(key, f);
        if (pending.size() >= maxBatchSize || maxDelayNanos == 0) {
          ready = takeReady(false);
        }
        if (!pending.isEmpty() && !timerArmed && maxDelayNanos > 0) {
          timerArmed = true;
          armEpoch = epoch;
        }
      }
    }
    if (armEpoch >= 0) {
      long e = armEpoch;
      try {
        timer.schedule(() -> onDelay(e), maxDelayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException ex) {
        log.debug("coalescer {} timer stopped; flushing now", name);
        flush();
      }
    }
    dispatch(ready);
    return f.copy();
  }

  /** Starts bulk calls for the waiting keys now (within the concurrency limit), without waiting for the delay. */
  public void flush() {
    List<LinkedHashMap<K, CompletableFuture<@Nullable V>>> ready;
    synchronized (lock) {
      ready = takeReady(true);
    }
    dispatch(ready);
  }

  private void onDelay(long armedEpoch) {
    List<LinkedHashMap<K, CompletableFuture<@Nullable V>>> ready = null;
    synchronized (lock) {
      if (armedEpoch == epoch) {
        timerArmed = false;
        ready = takeReady(true);
      }
    }
    dispatch(ready);
  }

  /**
   * Takes batches that may start now. Must hold the lock. With {@code due} a partial batch starts too;
   * otherwise only full ones (the delay or a returning call will start the rest).
   */
  private @Nullable List<LinkedHashMap<K, CompletableFuture<@Nullable V>>> takeReady(boolean due) {
    List<LinkedHashMap<K, CompletableFuture<@Nullable V>>> out = null;
    while (!pending.isEmpty() && (inFlight < maxConcurrentCalls || closed)
        && (due || pending.size() >= maxBatchSize || maxDelayNanos == 0)) {
      LinkedHashMap<K, CompletableFuture<@Nullable V>> batch;
      if (pending.size() <= maxBatchSize) {
        batch = pending;
        pending = new LinkedHashMap<>();
      } else {
        batch = new LinkedHashMap<>();
        Iterator<Map.Entry<K, CompletableFuture<@Nullable V>>> it = pending.entrySet().iterator();
        while (batch.size() < maxBatchSize) {
          Map.Entry<K, CompletableFuture<@Nullable V>> e = it.next();
          batch.put(e.getKey(), e.getValue());
          it.remove();
        }
      }
      epoch++;
      timerArmed = false;
      inFlight++;
      if (out == null) {
        out = new ArrayList<>(1);
      }
      out.add(batch);
    }
    return out;
  }

  private void dispatch(@Nullable List<LinkedHashMap<K, CompletableFuture<@Nullable V>>> ready) {
    if (ready == null) {
      return;
    }
    for (LinkedHashMap<K, CompletableFuture<@Nullable V>> batch : ready) {
      try {
        executor.execute(() -> runBulk(batch));
      } catch (RejectedExecutionException e) {
        // The executor refused: these callers fail rather than wait forever.
        failBatch(batch, e);
        afterBulk();
      }
    }
  }

  private void runBulk(LinkedHashMap<K, CompletableFuture<@Nullable V>> batch) {
    long t0 = ticker.read();
    try {
      Map<K, V> result;
      try {
        result = loader.loadAll(Collections.unmodifiableSet(batch.keySet()));
        if (result == null) {
          throw new IllegalStateException("bulk loader of " + name + " returned null");
        }
      } catch (Throwable t) {
        bulkCalls.increment();
        keysLoaded.add(batch.size());
        failBatch(batch, t);
        return;
      }
      bulkCalls.increment();
      keysLoaded.add(batch.size());
      record(batch.size(), t0);
      for (Map.Entry<K, CompletableFuture<@Nullable V>> e : batch.entrySet()) {
        V v = result.get(e.getKey());
        if (v == null) {
          missing.increment();
          if (missingKeys == MissingKeyPolicy.FAIL) {
            e.getValue().completeExceptionally(new MissingKeyException(
                "bulk loader of " + name + " returned no value for key " + e.getKey()));
            continue;
          }
        }
        e.getValue().complete(v);
      }
    } finally {
      afterBulk();
    }
  }

  private void record(int size, long t0) {
    meters.recordCall(size, ticker.read() - t0);
  }

  private void failBatch(LinkedHashMap<K, CompletableFuture<@Nullable V>> batch, Throwable t) {
    failedCalls.increment();
    log.debug("bulk call of {} failed for {} keys", name, batch.size(), t);
    for (CompletableFuture<@Nullable V> f : batch.values()) {
      f.completeExceptionally(t);
    }
  }

  // Natural batching: whatever arrived during the call goes out now, without waiting for the delay.
  private void afterBulk() {
    List<LinkedHashMap<K, CompletableFuture<@Nullable V>>> ready;
    synchronized (lock) {
      inFlight--;
      ready = takeReady(true);
      lock.notifyAll();
    }
    dispatch(ready);
  }

  /**
   * Counters since creation. Thread-safe; takes the coalescer's lock briefly to read what waits now.
   *
   * @return a new immutable snapshot
   */
  public CoalescerStats stats() {
    int p;
    int f;
    synchronized (lock) {
      p = pending.size();
      f = inFlight;
    }
    long calls = bulkCalls.sum();
    return new CoalescerStats(requests.sum(), duplicates.sum(), calls, failedCalls.sum(), keysLoaded.sum(),
        missing.sum(), calls == 0 ? 0 : (double) keysLoaded.sum() / calls, p, f);
  }

  /**
   * The coalescer's meters, named {@code optimizer.batch.coalesced.*} and tagged {@code coalescer=<name>}
   * (see {@link CoalescerMeterBinder}); nothing is registered until {@code bindTo} is called. The same
   * binder every call; it may be bound to several registries.
   */
  public MeterBinder metrics() {
    return meters;
  }

  /** Flushes waiting keys, waits for calls in flight, stops the coalescer's own threads. Idempotent. */
  @Override
  public void close() {
    List<LinkedHashMap<K, CompletableFuture<@Nullable V>>> ready;
    synchronized (lock) {
      closed = true;
      ready = takeReady(true);
    }
    dispatch(ready);
    boolean interrupted = false;
    synchronized (lock) {
      while (inFlight > 0) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
    }
    timer.shutdownNow();
    if (ownExecutor != null) {
      ownExecutor.shutdown();
      try {
        ownExecutor.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      timer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Coalescer{" + name + ", maxBatchSize=" + maxBatchSize + ", maxDelay=" + Duration.ofNanos(maxDelayNanos)
        + ", maxConcurrentCalls=" + maxConcurrentCalls + "}";
  }

  /**
   * Builds a {@link Coalescer}; each setter checks its argument. Not thread-safe.
   *
   * @param <K> key type
   * @param <V> value type
   */
  public static final class Builder<K, V> {
    private final BulkLoader<K, V> loader;
    private String name = "coalescer";
    private int maxBatchSize = 100;
    private Duration maxDelay = Duration.ofMillis(10);
    private int maxConcurrentCalls = 1;
    private MissingKeyPolicy missingKeys = MissingKeyPolicy.EMPTY;
    private @Nullable Executor executor;
    private Ticker ticker = Ticker.system();

    private Builder(BulkLoader<K, V> loader) {
      this.loader = loader;
    }

    /** Names threads and tags meters; letters, digits, '.', '-', '_'. Default {@code coalescer}. */
    public Builder<K, V> name(String name) {
      if (!Objects.requireNonNull(name, "name").matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("name must be letters, digits, '.', '-' or '_', was '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /** Distinct keys per bulk call at most, {@code >= 1}; default 100. */
    public Builder<K, V> maxBatchSize(int size) {
      this.maxBatchSize = requireAtLeast(size, 1, "maxBatchSize");
      return this;
    }

    /**
     * Longest wait of the first key before a partial batch goes out; zero sends each key at once when a
     * call slot is free (batching only what queues behind calls in flight). A key that arrives alone waits
     * all of it: a few ms suits lookups that fan out from one request, zero suits single lookups from
     * independent requests. Default 10 ms.
     */
    public Builder<K, V> maxDelay(Duration delay) {
      this.maxDelay = requireNonNegative(delay, "maxDelay");
      return this;
    }

    /** Bulk calls running at once at most, {@code >= 1}; default 1. */
    public Builder<K, V> maxConcurrentCalls(int calls) {
      this.maxConcurrentCalls = requireAtLeast(calls, 1, "maxConcurrentCalls");
      return this;
    }

    /** What callers of missing keys get; default {@link MissingKeyPolicy#EMPTY}. */
    public Builder<K, V> missingKeys(MissingKeyPolicy policy) {
      this.missingKeys = Objects.requireNonNull(policy, "missingKeys");
      return this;
    }

    /**
     * Runs bulk calls on {@code executor} instead of the coalescer's own daemon threads; the coalescer
     * does not shut it down.
     */
    public Builder<K, V> executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Time source for latency metrics. */
    public Builder<K, V> ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The coalescer; it starts threads lazily (a timer thread and up to maxConcurrentCalls bulk threads). */
    public Coalescer<K, V> build() {
      return new Coalescer<>(this);
    }
  }
}
