package dev.optimizer.core;

import dev.optimizer.core.spi.SampleSource;
import dev.optimizer.core.support.DaemonThreadFactory;
import dev.optimizer.core.internal.WindowStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a {@link SampleSource} at a fixed interval into a window and publishes an immutable
 * {@link SystemSnapshot} after each sample.
 *
 * <p>Sampling runs on one daemon thread named {@code optimizer-monitor}, started by {@link #start} and
 * stopped by {@link #close}. {@link #sampleNow()} may be called from any thread; samples are serialised.
 * A failing sample is logged and counted ({@link #failures()}) and the previous snapshot is kept.
 */
public final class SystemMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SystemMonitor.class);

  private final SampleSource source;
  private final Duration interval;
  private final int window;
  private final ArrayDeque<SystemSample> samples = new ArrayDeque<>();
  private final List<Consumer<SystemSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong failures = new AtomicLong();
  private volatile SystemSnapshot snapshot = SystemSnapshot.EMPTY;
  private @Nullable ScheduledExecutorService scheduler;

  /**
   * @param source where samples come from
   * @param interval time between samples once started
   * @param window samples kept for averages and trends, at least 2
   */
  public SystemMonitor(SampleSource source, Duration interval, int window) {
    this.source = Objects.requireNonNull(source, "source");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    if (window < 2) {
      throw new IllegalArgumentException("window must be at least 2, was " + window);
    }
    this.window = window;
  }

  /** Calls {@code listener} on the sampler thread with every new snapshot. */
  public void addListener(Consumer<SystemSnapshot> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Starts the sampler thread; the first sample is taken at once. Calling it twice is an error.
   *
   * @throws IllegalStateException if already started or closed
   */
  public synchronized void start() {
    if (scheduler != null) {
      throw new IllegalStateException("monitor already started");
    }
    ScheduledExecutorService s =
        DaemonThreadFactory.singleThreadScheduler("core", "monitor");
    scheduler = s;
    s.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Takes one sample now, adds it to the window, notifies listeners and returns the new snapshot.
   *
   * @throws RuntimeException whatever the source throws (also counted in {@link #failures()})
   */
  public SystemSnapshot sampleNow() {
    SystemSample sample;
    try {
      sample = source.sample();
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      throw e;
    }
    SystemSnapshot next;
    synchronized (samples) {
      samples.addLast(sample);
      while (samples.size() > window) {
        samples.removeFirst();
      }
      next = WindowStats.summarize(new ArrayList<>(samples));
      snapshot = next;
    }
    for (Consumer<SystemSnapshot> l : listeners) {
      try {
        l.accept(next);
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        log.warn("snapshot listener {} failed", l, e);
      }
    }
    return next;
  }

  private void sampleQuietly() {
    try {
      sampleNow();
    } catch (RuntimeException e) {
      // Counted in sampleNow; a scheduled task that throws would stop being scheduled.
      log.warn("system sample failed; keeping the previous snapshot", e);
    }
  }

  /** The newest snapshot; {@link SystemSnapshot#EMPTY} before the first sample. Never blocks. */
  public SystemSnapshot snapshot() {
    return snapshot;
  }

  /** Samples or listeners that failed so far. */
  public long failures() {
    return failures.get();
  }

  /** Whether the sampler thread is running. */
  public synchronized boolean isRunning() {
    return scheduler != null && !scheduler.isShutdown();
  }

  /** Stops the sampler thread and waits up to 5 s for a sample in progress. Idempotent. */
  @Override
  public synchronized void close() {
    ScheduledExecutorService s = scheduler;
    if (s == null || s.isShutdown()) {
      return;
    }
    s.shutdownNow();
    try {
      if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("optimizer-monitor thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
