package dev.optimizer.batch.internal.redis;

import static dev.optimizer.batch.internal.redis.StoreKeys.b;

import dev.optimizer.batch.BatchConfig;
import dev.optimizer.batch.BatchFunction;
import dev.optimizer.batch.DeadLetter;
import dev.optimizer.batch.JobCodec;
import dev.optimizer.batch.JobHandle;
import dev.optimizer.batch.JobResult;
import dev.optimizer.batch.JobStatus;
import dev.optimizer.batch.JobStoreStats;
import dev.optimizer.batch.NamedJob;
import dev.optimizer.batch.Progress;
import dev.optimizer.batch.ProgressListener;
import dev.optimizer.batch.RedisJobStoreConfig;
import dev.optimizer.batch.internal.RemoteJobs;
import dev.optimizer.core.support.DaemonThreadFactory;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.RedisScript;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis job store as one processor sees it: submit, read, cancel and watch jobs by id (any node's),
 * and, once a handler is registered, the node's {@link StoreWorkers}. Thread-safe.
 */
public final class RedisJobs implements RemoteJobs {
  private static final Logger log = LoggerFactory.getLogger(RedisJobs.class);

  final RedisConnection redis;
  final RedisJobStoreConfig config;
  final StoreKeys keys;
  final StoreCounters counters = new StoreCounters();
  final HandlerLatencies latencies = new HandlerLatencies();
  private final BatchConfig batchConfig;
  private final Host host;
  private final ScheduledExecutorService timer;
  private final Map<String, Registration<?, ?>> handlers = new ConcurrentHashMap<>();
  private final Map<String, JobCodec<?>> resultCodecs = new ConcurrentHashMap<>();
  private final JobWatch watch;
  private final StoreMeters meters;
  private volatile @Nullable StoreWorkers workers;

  /** A registered handler. */
  record Registration<I, O>(String name, BatchFunction<I, O> handler, JobCodec<I> itemCodec,
      JobCodec<O> resultCodec) {}

  public RedisJobs(RedisConnection redis, RedisJobStoreConfig config, BatchConfig batchConfig, Host host) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.config = config;
    this.batchConfig = batchConfig;
    this.host = host;
    this.keys = new StoreKeys(config.namespace());
    this.timer = DaemonThreadFactory.singleThreadScheduler("batch", batchConfig.name() + "-store-timer");
    this.watch = new JobWatch(this, timer);
    this.meters = new StoreMeters(this, batchConfig.name(), host.ticker());
  }

  void ended(long jobId) {
    watch.ended(jobId);
  }

  long nowMillis() {
    return host.ticker().wallMillis();
  }

  Executor events() {
    return host.events();
  }

  Map<String, Registration<?, ?>> handlers() {
    return handlers;
  }

  @Override
  public <I, O> void register(String name, BatchFunction<I, O> handler, JobCodec<I> itemCodec,
      JobCodec<O> resultCodec) {
    if (handlers.putIfAbsent(name, new Registration<>(name, handler, itemCodec, resultCodec)) != null) {
      throw new IllegalStateException("handler '" + name + "' is already registered on this processor");
    }
    resultCodecs.put(name, resultCodec);
    StoreWorkers w;
    synchronized (this) {
      w = workers;
      if (w == null) {
        int slots = config.workers() > 0 ? config.workers() : batchConfig.maxWorkers();
        w = new StoreWorkers(this, slots, batchConfig.name(), host.retryPolicy(), timer);
        workers = w;
        w.start();
      }
    }
    w.announce(); // so that a submit right after register finds the handler
  }

  /**
   * The batch size that makes one batch of {@code handler} run about {@link
   * RedisJobStoreConfig#adaptiveBatchTime()}, from its time per item reported by every node, within 1 and
   * the processor's maximum; {@code fallback} before any node has reported.
   */
  int adaptiveBatchSize(String handler, int fallback) {
    double perItem = latencies.storeWide(handler, System.nanoTime(),
        field -> redis.execute("adaptive-batch-size", c -> c.client().hget(keys.handlers(), field)));
    if (perItem <= 0) {
      return fallback;
    }
    double size = config.adaptiveBatchTime().toNanos() / perItem;
    return (int) Math.max(1, Math.min(batchConfig.maxBatchSize(), Math.round(size)));
  }

  @Override
  public <I, O> JobHandle<O> submit(NamedJob<I, O> job, int defaultBatchSize) {
    int batchSize = job.batchSize() > 0 ? job.batchSize() : defaultBatchSize;
    if (job.adaptiveBatchSize()) {
      batchSize = adaptiveBatchSize(job.handler(), defaultBatchSize);
    }
    List<I> items = job.items();
    int batches = (items.size() + batchSize - 1) / batchSize;
    List<byte[]> args = new ArrayList<>(12 + batches);
    String idem = job.idempotencyKey() == null ? "" : job.idempotencyKey();
    String stream = keys.stream(job.handler(), job.priority());
    args.add(b(job.handler()));
    args.add(b(job.priority()));
    args.add(b(items.size()));
    args.add(b(batchSize));
    args.add(b(batches));
    args.add(b(idem));
    args.add(b(config.handlerTimeout().toMillis()));
    args.add(b(JobView.encodeMetadata(job.metadata())));
    args.add(b(config.finishedTtl().toMillis()));
    args.add(b(StoreKeys.GROUP));
    args.add(b(keys.prefix));
    args.add(b(keys.channel()));
    for (int bi = 0; bi < batches; bi++) {
      List<byte[]> encoded = new ArrayList<>(batchSize);
      for (I item : items.subList(bi * batchSize, Math.min(items.size(), (bi + 1) * batchSize))) {
        encoded.add(job.itemCodec().encode(item));
      }
      args.add(BatchFrames.items(encoded));
    }
    List<byte[]> k = List.of(b(keys.ids()), b(keys.handlers()), b(stream), b(keys.priorities(job.handler())),
        b(idem.isEmpty() ? keys.ids() : keys.idempotency(idem)), b(keys.counts()));
    List<?> r = (List<?>) eval("submit", StoreScripts.SUBMIT, k, args);
    long id = (Long) r.get(0);
    counters.submitted.increment();
    resultCodecs.putIfAbsent(job.handler(), job.resultCodec());
    JobView view;
    if ((Long) r.get(1) == 1L) {
      // Created now: its first state is known without reading it back.
      view = new JobView(id, job.handler(), JobStatus.valueOf(StoreWorkers.text(r.get(2))), job.priority(),
          items.size(), batches, batchSize, 0, 0, 0, 0, 0, "", job.metadata());
    } else {
      view = read(id).orElseThrow(() -> new IllegalStateException("job " + id + " vanished after submit"));
    }
    RemoteHandle<O> handle = new RemoteHandle<>(this, view, view.progress(host.ticker().wallMillis()));
    watch.add(handle, (Long) r.get(1) == 1L && !view.status().isTerminal());
    return handle;
  }

  /** How long one OBSERVE mark lasts; the watch's poll (every second) renews it. */
  static final long OBSERVE_MILLIS = 10_000;

  /** Marks job {@code id} observed (see {@link StoreScripts#OBSERVE}); a failure is logged, the poll retries. */
  void observe(long id) {
    try {
      eval("observe", StoreScripts.OBSERVE, List.of(b(keys.job(id))), List.of(b(OBSERVE_MILLIS)));
    } catch (RuntimeException e) {
      counters.redisErrors.increment();
      log.debug("store {}: job {} not marked observed: {}", keys.prefix, id, e.getMessage());
    }
  }

  Object eval(String operation, RedisScript script, List<byte[]> keyList, List<byte[]> args) {
    return redis.execute(operation, c -> c.eval(script, keyList, args));
  }

  /** The job's hash, parsed; empty when unknown or expired. */
  Optional<JobView> read(long id) {
    Map<String, String> h = redis.execute("job-status", c -> c.client().hgetAll(keys.job(id)));
    if (h == null || h.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(JobView.parse(id, h));
  }

  @Override
  public Optional<JobStatus> status(long id) {
    return read(id).map(JobView::status);
  }

  @Override
  public Optional<Progress> progress(long id) {
    return read(id).map(v -> v.progress(host.ticker().wallMillis()));
  }

  @Override
  public Optional<JobResult<?>> results(long id) {
    return read(id).map(this::result);
  }

  JobResult<Object> result(JobView view) {
    Map<byte[], byte[]> raw = redis.execute("job-results", c -> c.client().hgetAll(b(keys.outcomes(view.id()))));
    Map<String, byte[]> outcomes = new HashMap<>();
    raw.forEach((k, v) -> outcomes.put(new String(k, StandardCharsets.US_ASCII), v));
    return result(view, outcomes);
  }

  JobResult<Object> result(JobView view, Map<String, byte[]> outcomes) {
    return view.result(outcomes, resultCodecs.get(view.handler()));
  }

  /** A job's hash, parsed, with its outcomes per batch when it is finished (else null). */
  record Snapshot(JobView view, @Nullable Map<String, byte[]> outcomes) {}

  /** The job and, when finished, its outcomes, in one round trip; empty when unknown or expired. */
  Optional<Snapshot> snapshot(long id) {
    List<?> r = (List<?>) eval("job-snapshot", StoreScripts.READ_JOB, List.of(b(keys.job(id)), b(keys.outcomes(id))),
        List.of());
    List<?> hash = (List<?>) r.get(0);
    if (hash.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> h = new HashMap<>();
    for (int i = 0; i + 1 < hash.size(); i += 2) {
      h.put(StoreWorkers.text(hash.get(i)), StoreWorkers.text(hash.get(i + 1)));
    }
    JobView view = JobView.parse(id, h);
    if (r.size() < 2) {
      return Optional.of(new Snapshot(view, null));
    }
    List<?> out = (List<?>) r.get(1);
    Map<String, byte[]> outcomes = new HashMap<>();
    for (int i = 0; i + 1 < out.size(); i += 2) {
      outcomes.put(StoreWorkers.text(out.get(i)), (byte[]) out.get(i + 1));
    }
    return Optional.of(new Snapshot(view, outcomes));
  }

  @Override
  public Optional<JobHandle<?>> job(long id) {
    RemoteHandle<?> known = watch.get(id);
    if (known != null) {
      return Optional.of(known);
    }
    return read(id).map(v -> {
      RemoteHandle<Object> h = new RemoteHandle<>(this, v, v.progress(host.ticker().wallMillis()));
      watch.add(h, false);
      return h;
    });
  }

  @Override
  public boolean cancel(long id) {
    Object r = eval("cancel", StoreScripts.CANCEL, List.of(b(keys.job(id)), b(keys.counts())),
        List.of(b(keys.channel()), b(id)));
    return r instanceof Long l && l == 1;
  }

  @Override
  public boolean addListener(long id, ProgressListener listener) {
    Optional<JobHandle<?>> h = job(id);
    h.ifPresent(handle -> handle.addListener(listener));
    return h.isPresent();
  }

  @Override
  public List<DeadLetter> deadLetters(int max) {
    List<String> raw = redis.execute("dead-letters", c -> c.client().lrange(keys.dead(), 0, max - 1));
    List<DeadLetter> out = new ArrayList<>(raw.size());
    for (String line : raw) {
      String[] p = line.split("\\|");
      try {
        out.add(new DeadLetter(Long.parseLong(p[0]), Integer.parseInt(p[1]), p[2], Integer.parseInt(p[3]),
            Instant.ofEpochMilli(Long.parseLong(p[4]))));
      } catch (RuntimeException e) {
        log.warn("store {}: dead letter '{}' is malformed; skipped", keys.prefix, line);
      }
    }
    return out;
  }

  @Override
  public JobStoreStats stats() {
    return meters.snapshot();
  }

  @Override
  public MeterBinder metrics() {
    return meters;
  }

  @Override
  public void close(long drainNanos) {
    StoreWorkers w = workers;
    if (w != null) {
      w.stop(drainNanos);
    }
    watch.close();
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("store timer of {} did not stop within 10 s", batchConfig.name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
