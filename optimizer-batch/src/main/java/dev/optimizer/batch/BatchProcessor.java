package dev.optimizer.batch;

import dev.optimizer.core.Ticker;
import dev.optimizer.batch.internal.AdaptiveController;
import dev.optimizer.batch.internal.BatchMetrics;
import dev.optimizer.batch.internal.JobExecutor;
import dev.optimizer.batch.internal.JobQueue;
import dev.optimizer.batch.internal.JobRecord;
import dev.optimizer.batch.internal.LocalHandlers;
import dev.optimizer.batch.internal.ProcessorThreads;
import dev.optimizer.batch.internal.RemoteJobs;
import dev.optimizer.batch.internal.WorkerCapTunable;
import dev.optimizer.core.Tunable;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Job}s from a bounded priority queue with the job's {@link Strategy}, retries and progress
 * reporting. Thread-safe.
 *
 * <pre>{@code
 * try (BatchProcessor processor = BatchProcessor.create(BatchConfig.ofDefaults())) {
 *   JobHandle<User> h = processor.submit(Job.of(ids, userRepo::findAll).priority(5).build());
 *   h.addListener(p -> log.info("{}% ETA {}", (int) (p.fraction() * 100), p.eta()));
 *   List<User> users = h.result().join().valuesOrThrow();
 * }
 * }</pre>
 *
 * <p>Order: higher priority first, then submission order; {@link BatchConfig#concurrentJobs()} jobs run
 * at once. Results are always in input order, whatever the strategy. A job whose items all succeeded is
 * COMPLETED; one with failed items is FAILED and its {@link JobResult#failures()} names each of them.
 *
 * <p>Closing: {@link #close()} refuses new jobs, lets queued and running jobs finish for up to {@link
 * BatchConfig#shutdownTimeout()}, then cancels what is left (running batches finish), and returns once
 * every thread it started has stopped (when called from one of the processor's own threads, e.g. inside a
 * batch function, it does not wait). {@link #closeNow()} cancels at once.
 */
public final class BatchProcessor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);
  /** First id of a lambda job when the processor has a shared job store (store ids count from 1). */
  public static final long LOCAL_ID_BASE = 1L << 62;

  private final BatchConfig config;
  private final JobQueue queue;
  private final ProcessorThreads threads;
  private final JobExecutor executor;
  private final BatchMetrics metrics;
  private final WorkerCapTunable tunable;
  private final AtomicInteger workerCap;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong ids;
  private final @Nullable RemoteJobs remote;
  private final LocalHandlers localHandlers = new LocalHandlers();
  private final MeterBinder binder;
  private final Map<Long, JobRecord<?, ?>> jobs = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> finishedOrder = new ConcurrentLinkedQueue<>();
  private final AtomicInteger finishedCount = new AtomicInteger();
  private final Map<Long, JobRecord<?, ?>> live = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final JobRecord.Host host;

  private BatchProcessor(BatchConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.queue = new JobQueue(config.queueCapacity());
    this.workerCap = new AtomicInteger(config.maxWorkers());
    this.threads = new ProcessorThreads(config);
    this.metrics = new BatchMetrics(config.name(), queue::size, running::get, workerCap::get);
    this.tunable = new WorkerCapTunable(config.name(), config.maxWorkers(), workerCap::set);
    this.executor = new JobExecutor(threads.workers(), threads.stages(), workerCap::get, config.ticker(), metrics,
        config.pipelineBuffer(), () -> AdaptiveController.of(config));
    this.host = new Host();
    this.remote = config.jobStore().open(config, new StoreHost());
    // Lambda jobs keep in-process ids; beside a shared store they start at 2^62 so that an id names one job.
    this.ids = new AtomicLong(remote == null ? 0 : LOCAL_ID_BASE);
    MeterBinder store = remote == null ? null : remote.metrics();
    this.binder = store == null ? metrics : registry -> {
      metrics.bindTo(registry);
      store.bindTo(registry);
    };
    threads.startJobThreads(config.concurrentJobs(), queue, this::runJob);
  }

  /**
   * A processor; its meters are registered only when {@link #metrics()} is bound.
   *
   * @throws NullPointerException if {@code config} is null
   */
  public static BatchProcessor create(BatchConfig config) {
    return new BatchProcessor(config);
  }

  /** The configuration. */
  public BatchConfig config() {
    return config;
  }

  /**
   * Queues a job; it runs when a job thread is free and no job of higher priority waits.
   *
   * @return the job's handle
   * @throws QueueFullException if the queue is full (at once under REJECT, after {@link
   *     BatchConfig#submitTimeout()} under WAIT)
   * @throws IllegalStateException if the processor is closed
   */
  public <I, O> JobHandle<O> submit(Job<I, O> job) {
    Objects.requireNonNull(job, "job");
    if (closed.get()) {
      throw new IllegalStateException("batch processor " + config.name() + " is closed");
    }
    JobRecord<I, O> record = newRecord(job, false);
    jobs.put(record.id(), record);
    live.put(record.id(), record);
    long wait = config.queueFullPolicy() == QueueFullPolicy.WAIT ? config.submitTimeout().toNanos() : 0;
    try {
      queue.put(record, wait);
    } catch (QueueFullException | IllegalStateException e) {
      jobs.remove(record.id());
      live.remove(record.id());
      if (e instanceof QueueFullException) {
        metrics.rejected();
      }
      throw e;
    } catch (InterruptedException e) {
      jobs.remove(record.id());
      live.remove(record.id());
      Thread.currentThread().interrupt();
      metrics.rejected();
      throw new QueueFullException("interrupted while waiting for room in the job queue: " + record);
    }
    metrics.submitted();
    return record;
  }

  /**
   * Runs {@code job} now on the calling thread (helpers from the pool as the strategy wants), bypassing
   * the queue; used by the annotations. With {@code failFast} the first failed item stops the job.
   *
   * An ADAPTIVE job uses its {@link Job#adaptiveTuning()}, or a fresh tuning when it has none.
   */
  public <I, O> JobResult<O> runNow(Job<I, O> job, boolean failFast) {
    if (closed.get()) {
      throw new IllegalStateException("batch processor " + config.name() + " is closed");
    }
    JobRecord<I, O> record = newRecord(job, failFast);
    executor.run(record, controllerOf(job));
    return record.result().join();
  }

  private static @Nullable AdaptiveController controllerOf(Job<?, ?> job) {
    AdaptiveTuning tuning = job.adaptiveTuning();
    return tuning == null ? null : tuning.controller();
  }

  private <I, O> JobRecord<I, O> newRecord(Job<I, O> job, boolean failFast) {
    Strategy strategy = job.strategy() != null ? job.strategy() : config.strategy();
    int batchSize = job.batchSize() > 0 ? job.batchSize() : config.batchSize();
    int maxWorkers = job.maxWorkers() > 0 ? job.maxWorkers() : config.maxWorkers();
    RetryPolicy retry = job.retryPolicy() != null ? job.retryPolicy() : config.retryPolicy();
    return new JobRecord<>(ids.incrementAndGet(), job, strategy, batchSize, Math.min(maxWorkers,
        config.maxWorkers()), retry, failFast, host);
  }

  /**
   * The status of job {@code id}; empty when unknown or no longer retained. With a {@link RedisJobStore}, a
   * job of the store is read from Redis (one round trip), whichever node submitted or runs it.
   *
   * @throws JobStoreException ({@link JobStoreException.Kind#CORRUPT_JOB}) if the stored job is damaged
   * @throws dev.optimizer.redis.RedisUnavailableException if Redis cannot be read
   */
  public Optional<JobStatus> status(long id) {
    JobRecord<?, ?> r = jobs.get(id);
    if (r != null || remote == null) {
      return Optional.ofNullable(r).map(JobRecord::status);
    }
    return remote.status(id);
  }

  /**
   * The progress of job {@code id}; empty when unknown or no longer retained. Store jobs as {@link #status}.
   *
   * @throws JobStoreException as {@link #status}
   */
  public Optional<Progress> progress(long id) {
    JobRecord<?, ?> r = jobs.get(id);
    if (r != null || remote == null) {
      return Optional.ofNullable(r).map(JobRecord::progress);
    }
    return remote.progress(id);
  }

  /**
   * The handle of job {@code id}; empty when unknown or no longer retained. A store job's handle reads
   * status and progress from Redis and completes its {@code result()} when the job ends on any node.
   */
  public Optional<JobHandle<?>> job(long id) {
    JobRecord<?, ?> r = jobs.get(id);
    if (r != null || remote == null) {
      return Optional.ofNullable(r);
    }
    return remote.job(id);
  }

  /**
   * The jobs queued or running now, by id ascending (jobs run through {@link #runNow} are not listed). A
   * snapshot: a job may end while the caller reads it. Thread-safe.
   */
  public List<JobHandle<?>> liveJobs() {
    List<JobHandle<?>> handles = new ArrayList<>(live.values());
    handles.sort(java.util.Comparator.comparingLong(JobHandle::id));
    return handles;
  }

  /**
   * The results of job {@code id}: final once terminal, a snapshot of what has finished while it runs;
   * empty when unknown or no longer retained ({@link BatchConfig#retainedJobs()}, or a store's finished-job
   * TTL). A store job's values are decoded with the result codec of its handler as registered or submitted
   * on this node, and are the stored bytes ({@code byte[]}) when this node knows no codec for it.
   *
   * @throws JobStoreException as {@link #status}
   */
  public Optional<JobResult<?>> results(long id) {
    JobRecord<?, ?> r = jobs.get(id);
    if (r != null || remote == null) {
      return Optional.ofNullable(r).map(JobRecord::snapshot);
    }
    return remote.results(id);
  }

  /**
   * Cancels job {@code id} (cooperatively: batches already running finish and keep their results; no new
   * batch starts, on any node).
   *
   * @return true if this call moved the job towards CANCELLED; false if unknown or already terminal
   */
  public boolean cancel(long id) {
    JobRecord<?, ?> r = jobs.get(id);
    if (r != null || remote == null) {
      return r != null && r.cancel();
    }
    return remote.cancel(id);
  }

  /**
   * Adds a progress listener to job {@code id} (a store job's updates come from whichever node runs it).
   *
   * @return false if the job is unknown
   */
  public boolean addListener(long id, ProgressListener listener) {
    Objects.requireNonNull(listener, "listener");
    JobRecord<?, ?> r = jobs.get(id);
    if (r != null || remote == null) {
      if (r != null) {
        r.addListener(listener);
      }
      return r != null;
    }
    return remote.addListener(id, listener);
  }

  /**
   * Registers {@code handler} under {@code name} on this processor. With a {@link RedisJobStore} this node
   * then takes batches of that handler's jobs, submitted by any node; items and results cross Redis through
   * the codecs. With the in-memory store, {@link #submit(NamedJob)} runs it here (the codecs are unused).
   *
   * @throws IllegalArgumentException if {@code name} does not match {@link NamedJob#NAME_PATTERN}
   * @throws IllegalStateException if {@code name} is already registered, or the processor is closed
   */
  public <I, O> void register(String name, BatchFunction<I, O> handler, JobCodec<I> itemCodec,
      JobCodec<O> resultCodec) {
    NamedJob.checkName(name);
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(itemCodec, "itemCodec");
    Objects.requireNonNull(resultCodec, "resultCodec");
    if (closed.get()) {
      throw new IllegalStateException("batch processor " + config.name() + " is closed");
    }
    if (remote != null) {
      remote.register(name, handler, itemCodec, resultCodec);
    } else {
      localHandlers.register(name, handler);
    }
  }

  /**
   * Submits a job for a handler registered by name. With a {@link RedisJobStore}: one atomic script enqueues
   * it (every batch, one stream entry each); any node that registered the handler runs it; a job with the
   * idempotency key of a job the store still holds returns that job. A job whose handler no live node
   * registered fails at once, every item with {@link JobStoreException.Kind#UNKNOWN_HANDLER}.
   *
   * @throws IllegalStateException if the processor is closed
   * @throws QueueFullException as {@link #submit(Job)} (in-memory store)
   * @throws dev.optimizer.redis.RedisUnavailableException if Redis cannot take the job (nothing was enqueued,
   *     or, if the reply was lost, the job was enqueued: resubmit with an idempotency key to be sure)
   * @throws RuntimeException what the item codec throws
   */
  public <I, O> JobHandle<O> submit(NamedJob<I, O> job) {
    Objects.requireNonNull(job, "job");
    if (closed.get()) {
      throw new IllegalStateException("batch processor " + config.name() + " is closed");
    }
    if (remote != null) {
      return remote.submit(job, config.batchSize());
    }
    return localHandlers.submit(job, this::submit, jobs::get);
  }

  /**
   * The newest dead letters of the shared store, newest first, at most {@code max}; empty for the in-memory
   * store (it has none: a batch there is never redelivered).
   */
  public List<DeadLetter> deadLetters(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    return remote == null ? List.of() : remote.deadLetters(max);
  }

  /** The shared store's stats (one to a few round trips to Redis); empty for the in-memory store. */
  public Optional<JobStoreStats> jobStoreStats() {
    return remote == null ? Optional.empty() : Optional.of(remote.stats());
  }

  /**
   * Counters since creation. Thread-safe; the counts are read one by one, so a snapshot taken while jobs
   * run may be off by the work that finished while it was taken.
   *
   * @return a new immutable snapshot
   */
  public BatchStats stats() {
    return new BatchStats(metrics.submittedCount(), metrics.rejectedCount(), metrics.jobs(JobStatus.COMPLETED),
        metrics.jobs(JobStatus.FAILED), metrics.jobs(JobStatus.CANCELLED), queue.size(), running.get(),
        metrics.itemsSucceeded(), metrics.itemsFailed(), metrics.batches(), metrics.meanBatchSize(),
        Duration.ofNanos(Math.round(metrics.meanBatchNanos())), metrics.retries(), workerCap.get());
  }

  /**
   * The processor's meters, tagged {@code processor=<name>}: {@code optimizer.batch.jobs} ({@code status}),
   * {@code optimizer.batch.jobs.submitted}, {@code optimizer.batch.jobs.rejected}, {@code optimizer.batch.items}
   * ({@code outcome}), {@code optimizer.batch.retries}, {@code optimizer.batch.queue.depth},
   * {@code optimizer.batch.jobs.running}, {@code optimizer.batch.workers.cap}, {@code optimizer.batch.size}
   * and {@code optimizer.batch.latency}; with a {@link RedisJobStore} also its {@code optimizer.batch.store.*}
   * meters (see {@code docs/batch.md}). Nothing is registered until {@code bindTo} is called; the batch
   * module binds it to the optimizer's registry. The same binder every call.
   */
  public MeterBinder metrics() {
    return binder;
  }

  /** The tunable that caps workers under CPU pressure; register it with the optimizer's tuning loop. */
  public Tunable tunable() {
    return tunable;
  }

  /** Concurrent batches allowed per job now. */
  public int workerCap() {
    return workerCap.get();
  }

  /** True once {@link #close()} or {@link #closeNow()} began. */
  public boolean isClosed() {
    return closed.get();
  }

  private void runJob(JobRecord<?, ?> r) {
    running.incrementAndGet();
    try {
      executor.run(r, controllerOf(r.job()));
    } finally {
      running.decrementAndGet();
    }
  }

  /**
   * Refuses new jobs, lets queued and running jobs finish for up to {@link BatchConfig#shutdownTimeout()},
   * cancels the rest, and returns when every thread of this processor has stopped. Idempotent.
   */
  @Override
  public void close() {
    shutdown(config.shutdownTimeout().toNanos());
  }

  /** Like {@link #close()} but cancels queued and running jobs at once. */
  public void closeNow() {
    shutdown(0);
  }

  private void shutdown(long drainNanos) {
    if (!closed.compareAndSet(false, true)) {
      threads.awaitAll();
      return;
    }
    queue.close();
    if (remote != null) {
      remote.close(drainNanos);
    }
    if (threads.onOwnThread()) {
      if (drainNanos == 0) {
        cancelAll();
      }
      threads.awaitAll();
      return;
    }
    if (drainNanos == 0 || !threads.awaitJobThreads(drainNanos)) {
      if (drainNanos > 0) {
        log.warn("batch processor {}: jobs still running after {} ms; cancelling them", config.name(),
            TimeUnit.NANOSECONDS.toMillis(drainNanos));
      }
      cancelAll();
    }
    threads.awaitAll();
  }

  private void cancelAll() {
    for (JobRecord<?, ?> r : queue.drain()) {
      r.cancel();
      r.finish();
    }
    for (JobRecord<?, ?> r : live.values()) {
      r.cancel();
    }
  }

  private final class StoreHost implements RemoteJobs.Host {
    @Override
    public Executor events() {
      return host.events();
    }

    @Override
    public Ticker ticker() {
      return config.ticker();
    }

    @Override
    public RetryPolicy retryPolicy() {
      return config.retryPolicy();
    }
  }

  private final class Host implements JobRecord.Host {
    @Override
    public Executor events() {
      return task -> {
        try {
          threads.events().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // After close the event thread is gone; deliver on the caller so the last update is not lost.
          task.run();
        }
      };
    }

    @Override
    public Ticker ticker() {
      return config.ticker();
    }

    @Override
    public boolean removeQueued(JobRecord<?, ?> record) {
      return queue.remove(record);
    }

    @Override
    public void terminated(JobRecord<?, ?> record) {
      metrics.terminated(record.status());
      if (live.remove(record.id()) == null) {
        return; // a runNow record, never registered
      }
      finishedOrder.add(record.id());
      if (finishedCount.incrementAndGet() > config.retainedJobs()) {
        Long oldest = finishedOrder.poll();
        if (oldest != null) {
          finishedCount.decrementAndGet();
          jobs.remove(oldest);
        }
      }
    }
  }
}
