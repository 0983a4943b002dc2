package dev.optimizer.compress.internal;

import dev.optimizer.compress.CompressionException;
import dev.optimizer.core.support.DaemonThreadFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs independent block tasks on daemon helper threads <em>and</em> the calling thread. Helpers take
 * block indexes from a shared counter, so the caller never waits on a queued helper: if the pool is busy
 * with other callers' work, the caller simply does all blocks itself. Thread-safe.
 */
final class BlockExecutor implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int helpers;
  private final @Nullable ThreadPoolExecutor pool;

  BlockExecutor(int workers) {
    this.helpers = workers - 1;
    if (helpers == 0) {
      this.pool = null;
    } else {
      // The pool number tells apart the helpers of two engines in one JVM.
      ThreadPoolExecutor p = new ThreadPoolExecutor(helpers, helpers, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          DaemonThreadFactory.of("compress", "blocks-" + POOLS.incrementAndGet()));
      p.allowCoreThreadTimeOut(true);
      this.pool = p;
    }
  }

  /** Runs {@code task} for every index in {@code [0, count)} and returns when all are done. */
  void runAll(int count, IntConsumer task) {
    ThreadPoolExecutor p = pool;
    if (count <= 1 || p == null || p.isShutdown()) {
      for (int i = 0; i < count; i++) {
        task.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(count);
    Runnable worker = () -> {
      int i;
      while ((i = next.getAndIncrement()) < count) {
        try {
          if (failure.get() == null) {
            task.accept(i);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.countDown();
        }
      }
    };
    int started = Math.min(helpers, count - 1);
    for (int h = 0; h < started; h++) {
      try {
        p.execute(worker);
      } catch (RejectedExecutionException closed) {
        break; // closed concurrently: the caller does the rest
      }
    }
    worker.run();
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        // Blocks write into arrays the caller owns: wait for the running ones, then restore the flag.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new CompressionException("block task failed", t);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }
}
