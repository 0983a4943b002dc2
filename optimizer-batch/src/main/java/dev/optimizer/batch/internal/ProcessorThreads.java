package dev.optimizer.batch.internal;

import dev.optimizer.batch.BatchConfig;
import dev.optimizer.core.support.DaemonThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one {@code BatchProcessor}: its job threads (each taking the next job off the queue and
 * running it), the worker and stage pools the jobs' batches run on, and the event thread; and waiting for
 * them at close. The processor keeps the jobs; this class only owns and stops threads. Thread-safe.
 */
public final class ProcessorThreads {
  private static final Logger log = LoggerFactory.getLogger(ProcessorThreads.class);

  private final String name;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor stages;
  private final ExecutorService events;
  private final List<Thread> jobThreads = new ArrayList<>();

  /** Creates the pools (their threads start on demand); job threads start with {@link #startJobThreads}. */
  public ProcessorThreads(BatchConfig config) {
    this.name = config.name();
    this.workers = new ThreadPoolExecutor(config.maxWorkers(), config.maxWorkers(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), DaemonThreadFactory.of("batch", config.name() + "-worker"));
    workers.allowCoreThreadTimeOut(true);
    this.stages = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        DaemonThreadFactory.of("batch", config.name() + "-stage"));
    this.events = DaemonThreadFactory.singleThreadExecutor("batch", config.name() + "-events");
  }

  /** The pool batches run on (at most {@code maxWorkers} threads). */
  public ThreadPoolExecutor workers() {
    return workers;
  }

  /** The pool pipeline stages run on. */
  public ThreadPoolExecutor stages() {
    return stages;
  }

  /** The single event thread (listeners, progress, store refreshes). */
  public ExecutorService events() {
    return events;
  }

  /**
   * Starts {@code count} job threads, each taking jobs off {@code queue} and handing them to {@code run}
   * until the queue is closed and empty, or the thread is interrupted. Called once.
   */
  public void startJobThreads(int count, JobQueue queue, Consumer<JobRecord<?, ?>> run) {
    DaemonThreadFactory jobFactory = DaemonThreadFactory.of("batch", name + "-job");
    for (int i = 0; i < count; i++) {
      Thread t = jobFactory.newThread(() -> jobLoop(queue, run));
      jobThreads.add(t);
      t.start();
    }
  }

  private static void jobLoop(JobQueue queue, Consumer<JobRecord<?, ?>> run) {
    while (true) {
      JobRecord<?, ?> r;
      try {
        r = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (r == null) {
        return;
      }
      run.accept(r);
    }
  }

  /** True on one of this processor's threads (all are named optimizer-batch-&lt;name&gt;-&lt;purpose&gt;-N). */
  public boolean onOwnThread() {
    return Thread.currentThread().getName().startsWith("optimizer-batch-" + name + "-");
  }

  /** Waits up to {@code nanos} for the job threads to end; true when all have. */
  public boolean awaitJobThreads(long nanos) {
    long deadline = System.nanoTime() + nanos;
    for (Thread t : jobThreads) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return !t.isAlive() && jobThreads.stream().noneMatch(Thread::isAlive);
      }
      try {
        TimeUnit.NANOSECONDS.timedJoin(t, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return jobThreads.stream().noneMatch(Thread::isAlive);
  }

  /**
   * Shuts the pools down and waits for every thread to end; from one of this processor's own threads it
   * only shuts the pools down (waiting would wait for itself). Keeps the caller's interrupt status.
   */
  public void awaitAll() {
    if (onOwnThread()) {
      // Called from one of our own threads (a batch function or listener): waiting would wait for itself;
      // the pools finish what they hold and their threads then end.
      log.warn("batch processor {} closed from its own thread {}; not waiting for its threads", name,
          Thread.currentThread().getName());
      workers.shutdown();
      stages.shutdown();
      events.shutdown();
      return;
    }
    boolean interrupted = false;
    for (Thread t : jobThreads) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    for (ExecutorService pool : new ExecutorService[] {workers, stages, events}) {
      pool.shutdown();
      try {
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
          log.debug("waiting for {} threads of {} to stop", pool, name);
        }
      } catch (InterruptedException e) {
        interrupted = true;
        pool.shutdownNow();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
