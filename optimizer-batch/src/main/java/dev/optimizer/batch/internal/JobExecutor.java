package dev.optimizer.batch.internal;

import dev.optimizer.batch.BatchOutcome;
import dev.optimizer.batch.ItemwiseBatchFunction;
import dev.optimizer.batch.Pipeline;
import dev.optimizer.batch.RetryPolicy;
import dev.optimizer.core.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job to its end on the calling (coordinator) thread, with helpers from the worker pool for
 * PARALLEL and ADAPTIVE and stage threads for PIPELINE. Helpers that start after the work is gone exit at
 * once, so a saturated pool delays a job but cannot deadlock it (the coordinator does all the work if no
 * helper ever runs).
 */
public final class JobExecutor {
  private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);

  private final Executor workers;
  private final Executor stages;
  private final IntSupplier workerCap;
  private final Ticker ticker;
  private final BatchMetrics metrics;
  private final int pipelineBuffer;
  private final Supplier<AdaptiveController> controllers;

  /**
   * @param workers pool running helper loops
   * @param stages executor giving every pipeline stage its own thread (must not queue)
   * @param workerCap current cap on concurrent batches per job (CPU pressure)
   * @param controllers makes a fresh controller for an ADAPTIVE job that brings none
   */
  public JobExecutor(Executor workers, Executor stages, IntSupplier workerCap, Ticker ticker, BatchMetrics metrics,
      int pipelineBuffer, Supplier<AdaptiveController> controllers) {
    this.workers = workers;
    this.stages = stages;
    this.workerCap = workerCap;
    this.ticker = ticker;
    this.metrics = metrics;
    this.pipelineBuffer = pipelineBuffer;
    this.controllers = controllers;
  }

  /** Runs the job and finishes its record; never throws for a failing batch function. */
  public void run(JobRecord<?, ?> record, @Nullable AdaptiveController controller) {
    if (!record.start()) {
      record.finish();
      return;
    }
    try {
      switch (record.strategy()) {
        case SEQUENTIAL -> sequential(record);
        case PARALLEL -> parallel(record);
        case PIPELINE -> pipeline(record);
        case ADAPTIVE -> adaptive(record, controller != null ? controller : controllers.get());
      }
    } catch (RuntimeException | Error e) {
      // An internal fault, not a batch failure: log it; the items not reached stay "unprocessed".
      log.error("job {} aborted by an internal error", record, e);
    } finally {
      record.finish();
    }
  }

  private void sequential(JobRecord<?, ?> r) {
    int n = r.job().items().size();
    int size = r.batchSize();
    for (int from = 0; from < n && !r.cancelRequested(); from += size) {
      runBatch(r, from, Math.min(n, from + size));
    }
  }

  private void parallel(JobRecord<?, ?> r) {
    int n = r.job().items().size();
    int size = r.batchSize();
    int batches = (n + size - 1) / size;
    AtomicInteger cursor = new AtomicInteger();
    Crew crew = new Crew();
    int want = Math.min(batches, Math.max(1, Math.min(r.maxWorkers(), workerCap.getAsInt())));
    for (int slot = 1; slot < want; slot++) {
      int s = slot;
      crew.enlist(() -> {
        int k;
        while (!r.cancelRequested() && s < workerCap.getAsInt() && (k = cursor.getAndIncrement()) < batches) {
          runBatch(r, k * size, Math.min(n, k * size + size));
        }
      });
    }
    int k;
    while (!r.cancelRequested() && (k = cursor.getAndIncrement()) < batches) {
      runBatch(r, k * size, Math.min(n, k * size + size));
    }
    crew.dismissAndAwait();
  }

  private void adaptive(JobRecord<?, ?> r, AdaptiveController c) {
    int n = r.job().items().size();
    AtomicInteger cursor = new AtomicInteger();
    Crew crew = new Crew();
    AtomicIntegerArray busy = new AtomicIntegerArray(Math.max(1, r.maxWorkers()));
    while (!r.cancelRequested()) {
      c.capConcurrency(Math.min(r.maxWorkers(), workerCap.getAsInt()));
      int want = c.concurrency();
      for (int slot = 1; slot < Math.min(want, busy.length()); slot++) {
        int s = slot;
        if (busy.compareAndSet(s, 0, 1)) {
          crew.enlist(() -> {
            try {
              while (!r.cancelRequested() && s < c.concurrency()) {
                if (!adaptiveStep(r, c, cursor, n)) {
                  break;
                }
              }
            } finally {
              busy.set(s, 0);
            }
          });
        }
      }
      if (!adaptiveStep(r, c, cursor, n)) {
        break;
      }
    }
    crew.dismissAndAwait();
  }

  private boolean adaptiveStep(JobRecord<?, ?> r, AdaptiveController c, AtomicInteger cursor, int n) {
    long generation = c.generation();
    int size = c.batchSize();
    int from = cursor.getAndAdd(size);
    if (from >= n) {
      cursor.set(n);
      return false;
    }
    int to = Math.min(n, from + size);
    boolean appLimited = (long) (n - from) < (long) size * c.concurrency();
    long latency = runBatch(r, from, to);
    c.record(to - from, latency, appLimited, generation);
    return true;
  }

  /**
   * Runs items [from, to) with retries and records every outcome.
   *
   * @return latency of the first attempt, nanoseconds
   */
  @SuppressWarnings("unchecked")
  long runBatch(JobRecord<?, ?> record, int from, int to) {
    JobRecord<Object, Object> r = (JobRecord<Object, Object>) record;
    ItemwiseBatchFunction<Object, Object> fn = r.job().function();
    List<Object> items = r.job().items();
    RetryPolicy policy = r.retryPolicy();
    List<Object> batch = items.subList(from, to);
    int[] index = null;
    int attempt = 1;
    int ok = 0;
    int bad = 0;
    long firstLatency = 0;
    while (true) {
      long t0 = ticker.read();
      BatchOutcome<Object> out = null;
      Throwable whole = null;
      try {
        out = fn.apply(batch);
        if (out == null || out.size() != batch.size()) {
          whole = new IllegalStateException("batch function returned " + (out == null ? "null" : out.size()
              + " outcomes") + " for " + batch.size() + " items");
        }
      } catch (Throwable t) {
        whole = t;
      }
      long latency = ticker.read() - t0;
      if (attempt == 1) {
        firstLatency = latency;
      }
      metrics.batch(batch.size(), latency);
      List<Integer> retry = null;
      List<Throwable> retryErrors = null;
      for (int p = 0; p < batch.size(); p++) {
        int i = index == null ? from + p : index[p];
        Throwable error = whole != null ? whole : out.succeeded(p) ? null : out.error(p);
        if (error == null) {
          r.succeed(i, out.value(p));
          ok++;
        } else if (attempt < policy.maxAttempts() && policy.isRetryable(error) && !r.cancelRequested()) {
          if (retry == null) {
            retry = new ArrayList<>();
            retryErrors = new ArrayList<>();
          }
          retry.add(i);
          retryErrors.add(error);
        } else {
          r.fail(i, error, attempt);
          bad++;
        }
      }
      if (retry == null) {
        break;
      }
      metrics.retry(retry.size());
      if (!backoff(r, policy.backoffNanos(attempt, ThreadLocalRandom.current().nextDouble()))) {
        for (int j = 0; j < retry.size(); j++) {
          r.fail(retry.get(j), retryErrors.get(j), attempt);
          bad++;
        }
        break;
      }
      index = retry.stream().mapToInt(Integer::intValue).toArray();
      List<Object> next = new ArrayList<>(index.length);
      for (int i : index) {
        next.add(items.get(i));
      }
      batch = next;
      attempt++;
    }
    metrics.items(ok, bad);
    r.batchFinished(ok, bad);
    return firstLatency;
  }

  /**
   * Waits {@code nanos} of the processor's {@link Ticker} unless the job is cancelled meanwhile; false when
   * cancelled. Time is read from the ticker (checked at least every 10 ms of real time), so a test with a fake
   * ticker moves a retry forward by advancing it instead of sleeping through the backoff.
   */
  private boolean backoff(JobRecord<?, ?> r, long nanos) {
    long deadline = ticker.read() + nanos;
    long left;
    while (!r.cancelRequested() && (left = deadline - ticker.read()) > 0) {
      LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
      if (Thread.currentThread().isInterrupted()) {
        return false;
      }
    }
    return !r.cancelRequested();
  }

  // ---- PIPELINE ----

  /** A batch travelling between stages: the item indexes and the current values. */
  private record Packet(int[] index, List<Object> values) {}

  private static final Packet END = new Packet(new int[0], List.of());

  @SuppressWarnings("unchecked")
  private void pipeline(JobRecord<?, ?> record) throws RuntimeException {
    JobRecord<Object, Object> r = (JobRecord<Object, Object>) record;
    Pipeline<Object, Object> p = r.job().pipeline();
    List<Pipeline.Stage> stageList = p.stages();
    int count = stageList.size();
    List<BlockingQueue<Packet>> buffers = new ArrayList<>();
    for (int s = 0; s < count - 1; s++) {
      buffers.add(new ArrayBlockingQueue<>(pipelineBuffer));
    }
    CountDownLatch finished = new CountDownLatch(count - 1);
    AtomicReference<Throwable> broken = new AtomicReference<>();
    for (int s = 1; s < count; s++) {
      int stage = s;
      stages.execute(() -> {
        try {
          BlockingQueue<Packet> in = buffers.get(stage - 1);
          BlockingQueue<Packet> out = stage < count - 1 ? buffers.get(stage) : null;
          while (true) {
            Packet packet = in.take();
            if (packet == END) {
              break;
            }
            Packet result = r.cancelRequested() ? null : runStage(r, stageList.get(stage), packet, out == null);
            if (result != null && out != null) {
              out.put(result);
            }
          }
          if (out != null) {
            out.put(END);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          broken.compareAndSet(null, e);
        } catch (RuntimeException | Error e) {
          broken.compareAndSet(null, e);
          log.error("pipeline stage {} of {} failed", stageList.get(stage).name(), r, e);
        } finally {
          finished.countDown();
        }
      });
    }
    int n = r.job().items().size();
    int size = r.batchSize();
    try {
      for (int from = 0; from < n && !r.cancelRequested() && broken.get() == null; from += size) {
        int to = Math.min(n, from + size);
        int[] index = new int[to - from];
        for (int i = 0; i < index.length; i++) {
          index[i] = from + i;
        }
        Packet first = runStage(r, stageList.get(0), new Packet(index, r.job().items().subList(from, to)), count == 1);
        if (first != null && count > 1) {
          offer(buffers.get(0), first, broken);
        }
      }
      if (count > 1) {
        offer(buffers.get(0), END, broken);
      }
      finished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("pipeline job {} interrupted", r);
    }
  }

  private static void offer(BlockingQueue<Packet> q, Packet p, AtomicReference<Throwable> broken)
      throws InterruptedException {
    // Bounded wait in a loop so that a stage that died does not leave the producer blocked forever.
    while (!q.offer(p, 50, TimeUnit.MILLISECONDS)) {
      if (broken.get() != null) {
        return;
      }
    }
  }

  /** Runs one stage on one packet with the job's retries; null when every item failed. */
  private @Nullable Packet runStage(JobRecord<Object, Object> r, Pipeline.Stage stage, Packet in, boolean last) {
    RetryPolicy policy = r.retryPolicy();
    int attempt = 1;
    while (true) {
      long t0 = ticker.read();
      Throwable error;
      try {
        List<Object> out = stage.function().apply(in.values());
        metrics.batch(in.values().size(), ticker.read() - t0);
        if (out == null || out.size() != in.values().size()) {
          throw new IllegalStateException("stage " + stage.name() + " returned " + (out == null ? "null"
              : out.size() + " results") + " for " + in.values().size() + " items");
        }
        if (last) {
          for (int i = 0; i < in.index().length; i++) {
            r.succeed(in.index()[i], out.get(i));
          }
          metrics.items(in.index().length, 0);
          r.batchFinished(in.index().length, 0);
          return null;
        }
        return new Packet(in.index(), out);
      } catch (Throwable t) {
        error = t;
      }
      if (attempt < policy.maxAttempts() && policy.isRetryable(error) && !r.cancelRequested()) {
        metrics.retry(in.index().length);
        if (backoff(r, policy.backoffNanos(attempt, ThreadLocalRandom.current().nextDouble()))) {
          attempt++;
          continue;
        }
      }
      Throwable stageError = error instanceof Exception ? new StageFailedException(stage.name(), error) : error;
      for (int i : in.index()) {
        r.fail(i, stageError, attempt);
      }
      metrics.items(0, in.index().length);
      r.batchFinished(0, in.index().length);
      return null;
    }
  }

  /** A pipeline stage's failure, naming the stage; the cause is what the stage threw. */
  static final class StageFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StageFailedException(String stage, Throwable cause) {
      super("pipeline stage '" + stage + "' failed: " + cause, cause);
    }
  }

  /** Helper tasks of one job: helpers that start after dismissal do nothing. */
  private final class Crew {
    private int active;
    private boolean dismissed;

    void enlist(Runnable loop) {
      try {
        workers.execute(() -> helper(loop));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Pool closing: the coordinator carries on alone.
        log.debug("helper not enlisted: {}", e.toString());
      }
    }

    private void helper(Runnable loop) {
      {
        synchronized (this) {
          if (dismissed) {
            return;
          }
          active++;
        }
        try {
          loop.run();
        } finally {
          synchronized (this) {
            if (--active == 0) {
              notifyAll();
            }
          }
        }
      }
    }

    synchronized void dismissAndAwait() {
      dismissed = true;
      boolean interrupted = false;
      while (active > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
