package dev.optimizer.lazy.internal;

import dev.optimizer.lazy.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs preload tasks on a fixed number of named daemon worker threads, highest {@link Priority} first and
 * in submission order within a priority. Workers start on the first submission and stop on
 * {@link #close()}. While paused, running tasks finish but no new one starts. Thread-safe.
 */
public final class PreloadScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PreloadScheduler.class);
  private static final Comparator<Entry> ORDER = Comparator
      .comparing((Entry e) -> e.priority).reversed()
      .thenComparingLong(e -> e.sequence);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>(ORDER);
  private final List<Thread> workers = new ArrayList<>();
  private final ThreadFactory threads;
  private final int concurrency;
  private long sequence;
  private int running;
  private boolean paused;
  private boolean closed;

  /**
   * @param threads makes the worker threads (daemon: they never keep the JVM alive)
   * @param concurrency worker threads, so tasks running at once, at least 1
   */
  public PreloadScheduler(ThreadFactory threads, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
    }
    this.threads = Objects.requireNonNull(threads, "threads");
    this.concurrency = concurrency;
  }

  /**
   * Queues {@code task}.
   *
   * @return completes when the task has run (whatever its outcome; the task reports its own failures),
   *     or is cancelled if the scheduler closes first
   * @throws IllegalStateException if closed
   */
  public CompletableFuture<Void> submit(Priority priority, Runnable task) {
    Entry e = new Entry(priority, task);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("preload scheduler is closed");
      }
      e.sequence = sequence++;
      queue.add(e);
      if (workers.size() < concurrency && workers.size() < queue.size() + running) {
        Thread t = threads.newThread(this::work);
        workers.add(t);
        t.start();
      }
      changed.signal();
    } finally {
      lock.unlock();
    }
    return e.done;
  }

  /** Stops starting tasks until {@link #resume()}; tasks already running finish. */
  public void pause() {
    lock.lock();
    try {
      paused = true;
    } finally {
      lock.unlock();
    }
  }

  /** Starts queued tasks again. */
  public void resume() {
    lock.lock();
    try {
      paused = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether paused. */
  public boolean isPaused() {
    lock.lock();
    try {
      return paused;
    } finally {
      lock.unlock();
    }
  }

  /** Tasks waiting to start. */
  public int queueDepth() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Tasks running now. */
  public int running() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  /** Worker threads started so far; at most the concurrency. */
  public int workerCount() {
    lock.lock();
    try {
      return workers.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the workers: queued tasks are dropped (their futures cancelled), running ones are interrupted.
   * Waits up to one second per worker for it to end. Idempotent.
   */
  @Override
  public void close() {
    List<Thread> toJoin;
    List<Entry> dropped;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      dropped = new ArrayList<>(queue);
      queue.clear();
      toJoin = List.copyOf(workers);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    dropped.forEach(e -> e.done.completeExceptionally(new CancellationException("registry closed")));
    for (Thread t : toJoin) {
      t.interrupt();
    }
    for (Thread t : toJoin) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void work() {
    for (;;) {
      Entry e;
      lock.lock();
      try {
        while (!closed && (paused || queue.isEmpty())) {
          try {
            changed.await();
          } catch (InterruptedException ignored) {
            // close() interrupts; the loop condition decides whether to stop
          }
        }
        if (closed) {
          return;
        }
        e = queue.poll();
        running++;
      } finally {
        lock.unlock();
      }
      try {
        e.task.run();
      } catch (RuntimeException | Error failure) {
        log.warn("preload task failed", failure);
      } finally {
        lock.lock();
        try {
          running--;
        } finally {
          lock.unlock();
        }
        e.done.complete(null);
        Thread.interrupted(); // a close() interrupt aimed at this task must not leak into the next wait
      }
    }
  }

  private static final class Entry {
    final Priority priority;
    final Runnable task;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    long sequence;

    Entry(Priority priority, Runnable task) {
      this.priority = priority;
      this.task = task;
    }
  }
}
