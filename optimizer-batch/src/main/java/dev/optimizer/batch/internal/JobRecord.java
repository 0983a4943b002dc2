package dev.optimizer.batch.internal;

import dev.optimizer.batch.ItemFailure;
import dev.optimizer.batch.Job;
import dev.optimizer.batch.JobHandle;
import dev.optimizer.batch.JobResult;
import dev.optimizer.batch.JobStatus;
import dev.optimizer.batch.Progress;
import dev.optimizer.batch.ProgressListener;
import dev.optimizer.batch.RetryPolicy;
import dev.optimizer.batch.Strategy;
import dev.optimizer.core.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The live state of one submitted job; its {@link JobHandle}. Thread-safe. */
public final class JobRecord<I, O> implements JobHandle<O> {
  private static final Logger log = LoggerFactory.getLogger(JobRecord.class);
  private static final byte PENDING = 0;
  private static final byte OK = 1;
  private static final byte FAILED = 2;

  /** What a record needs from its processor. */
  public interface Host {
    /** The event executor for listeners and the feed. */
    Executor events();

    /** The time source. */
    Ticker ticker();

    /** Removes a queued record from the queue; false if it was no longer queued. */
    boolean removeQueued(JobRecord<?, ?> record);

    /** Called once when the record turns terminal. */
    void terminated(JobRecord<?, ?> record);
  }

  private final long id;
  private final Job<I, O> job;
  private final Strategy strategy;
  private final int batchSize;
  private final int maxWorkers;
  private final RetryPolicy retryPolicy;
  private final boolean failFast;
  private final Host host;

  private final AtomicReference<JobStatus> status = new AtomicReference<>(JobStatus.QUEUED);
  private volatile boolean cancelRequested;
  private final @Nullable Object[] values;
  private final byte[] state;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final ConcurrentLinkedQueue<ItemFailure> failures = new ConcurrentLinkedQueue<>();
  private volatile long startNanos;
  private volatile long endNanos;
  private final CopyOnWriteArrayList<ProgressListener> listeners = new CopyOnWriteArrayList<>();
  private final ProgressFeed feed = new ProgressFeed();
  private final AtomicBoolean notifyPending = new AtomicBoolean();
  private final ResultFuture future = new ResultFuture();

  /** A record for {@code job} with its settings resolved against the processor's defaults. */
  public JobRecord(long id, Job<I, O> job, Strategy strategy, int batchSize, int maxWorkers, RetryPolicy retryPolicy,
      boolean failFast, Host host) {
    this.id = id;
    this.job = job;
    this.strategy = strategy;
    this.batchSize = batchSize;
    this.maxWorkers = maxWorkers;
    this.retryPolicy = retryPolicy;
    this.failFast = failFast;
    this.host = host;
    this.values = new Object[job.items().size()];
    this.state = new byte[job.items().size()];
  }

  /** The job. */
  public Job<I, O> job() {
    return job;
  }

  /** The resolved strategy. */
  public Strategy strategy() {
    return strategy;
  }

  /** The resolved batch size. */
  public int batchSize() {
    return batchSize;
  }

  /** The resolved concurrency bound. */
  public int maxWorkers() {
    return maxWorkers;
  }

  /** The resolved retry policy. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** True once cancellation was asked for (or fail-fast tripped); no new batch may start. */
  public boolean cancelRequested() {
    return cancelRequested;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String name() {
    return job.name();
  }

  @Override
  public int priority() {
    return job.priority();
  }

  @Override
  public Map<String, String> metadata() {
    return job.metadata();
  }

  @Override
  public JobStatus status() {
    return status.get();
  }

  @Override
  public Progress progress() {
    JobStatus s = status.get();
    long ok = done.get();
    long bad = failed.get();
    long total = values.length;
    long start = startNanos;
    double rate = 0;
    Optional<Duration> eta = Optional.empty();
    if (start != 0) {
      long end = s.isTerminal() && endNanos != 0 ? endNanos : host.ticker().read();
      long elapsed = Math.max(1, end - start);
      rate = (ok + bad) * 1e9 / elapsed;
      long remaining = total - ok - bad;
      if (!s.isTerminal() && rate > 0) {
        eta = Optional.of(Duration.ofNanos((long) Math.min(Long.MAX_VALUE / 2.0, remaining * 1e9 / rate)));
      }
    }
    return new Progress(id, s, ok, bad, total, rate, eta);
  }

  @Override
  public CompletableFuture<JobResult<O>> result() {
    return future;
  }

  @Override
  public boolean cancel() {
    if (status.get().isTerminal()) {
      return false;
    }
    cancelRequested = true;
    if (status.get() == JobStatus.QUEUED && host.removeQueued(this)) {
      finish();
    }
    return true;
  }

  @Override
  public void addListener(ProgressListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    if (status.get().isTerminal()) {
      Progress p = progress();
      host.events().execute(() -> deliver(listener, p));
    }
  }

  @Override
  public Flow.Publisher<Progress> progressPublisher() {
    return feed;
  }

  /** Moves QUEUED to RUNNING; false when the job was cancelled meanwhile. */
  public boolean start() {
    startNanos = host.ticker().read() | 1L;
    if (cancelRequested || !status.compareAndSet(JobStatus.QUEUED, JobStatus.RUNNING)) {
      return false;
    }
    return true;
  }

  /** Item {@code index} succeeded. Each index is written by one worker at a time. */
  public void succeed(int index, @Nullable Object value) {
    values[index] = value;
    state[index] = OK;
  }

  /** Item {@code index} failed for good. */
  public void fail(int index, Throwable error, int attempts) {
    state[index] = FAILED;
    failures.add(new ItemFailure(index, job.items().get(index), error, attempts));
    if (failFast) {
      cancelRequested = true;
    }
  }

  /** Counts a finished batch and tells listeners (at most one pending notification at a time). */
  public void batchFinished(int ok, int bad) {
    if (ok > 0) {
      done.addAndGet(ok);
    }
    if (bad > 0) {
      failed.addAndGet(bad);
    }
    if ((!listeners.isEmpty() || feed.hasSubscribers()) && notifyPending.compareAndSet(false, true)) {
      host.events().execute(() -> {
        notifyPending.set(false);
        Progress p = progress();
        if (!p.status().isTerminal()) {
          for (ProgressListener l : listeners) {
            deliver(l, p);
          }
          feed.publish(p, false);
        }
      });
    }
  }

  /** Turns the job terminal (CANCELLED, FAILED or COMPLETED), completes the future and tells listeners. */
  public void finish() {
    JobStatus end;
    List<Integer> unprocessed = unprocessed();
    if (cancelRequested && !unprocessed.isEmpty() && !(failFast && !failures.isEmpty())) {
      end = JobStatus.CANCELLED;
    } else if (!failures.isEmpty() || !unprocessed.isEmpty()) {
      end = JobStatus.FAILED;
    } else {
      end = JobStatus.COMPLETED;
    }
    JobStatus before = status.get();
    if (before.isTerminal() || !status.compareAndSet(before, end)) {
      return;
    }
    endNanos = host.ticker().read();
    JobResult<O> result = snapshot(end, unprocessed);
    host.terminated(this);
    Progress p = progress();
    host.events().execute(() -> {
      for (ProgressListener l : listeners) {
        deliver(l, p);
      }
      feed.publish(p, true);
    });
    future.completeInternally(result);
  }

  /** The results so far: values of finished items, failures, and the indexes not processed yet. */
  public JobResult<O> snapshot() {
    return snapshot(status.get(), unprocessed());
  }

  @SuppressWarnings("unchecked")
  private JobResult<O> snapshot(JobStatus s, List<Integer> unprocessed) {
    List<ItemFailure> sorted = new ArrayList<>(failures);
    sorted.sort(Comparator.comparingInt(ItemFailure::index));
    List<@Nullable O> out = (List<@Nullable O>) (List<?>) Arrays.asList(Arrays.copyOf(values, values.length));
    return new JobResult<>(id, s, out, sorted, unprocessed, job.metadata());
  }

  private List<Integer> unprocessed() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < state.length; i++) {
      if (state[i] == PENDING) {
        out.add(i);
      }
    }
    return out;
  }

  /** Items that failed for good so far. */
  public int failureCount() {
    return failures.size();
  }

  /** The first failure in input order, if any. */
  public @Nullable ItemFailure firstFailure() {
    return failures.stream().min(Comparator.comparingInt(ItemFailure::index)).orElse(null);
  }

  private static void deliver(ProgressListener l, Progress p) {
    try {
      l.onProgress(p);
    } catch (RuntimeException e) {
      log.warn("progress listener threw for job {}", p.jobId(), e);
    }
  }

  @Override
  public String toString() {
    return "Job{id=" + id + ", name=" + job.name() + ", priority=" + job.priority() + ", status=" + status.get()
        + ", items=" + values.length + "}";
  }

  /** The result future; cancelling it cancels the job instead of detaching. */
  private final class ResultFuture extends CompletableFuture<JobResult<O>> {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      JobRecord.this.cancel();
      return false;
    }

    void completeInternally(JobResult<O> r) {
      super.complete(r);
    }

    @Override
    public boolean complete(JobResult<O> value) {
      throw new UnsupportedOperationException("the job completes this future");
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      throw new UnsupportedOperationException("the job completes this future");
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }
}
