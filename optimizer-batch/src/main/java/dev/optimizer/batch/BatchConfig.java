package dev.optimizer.batch;

import static dev.optimizer.core.support.Checks.requireAtLeast;
import static dev.optimizer.core.support.Checks.requireNonNegative;
import static dev.optimizer.core.support.Checks.requirePositive;

import dev.optimizer.core.Ticker;
import dev.optimizer.batch.internal.BatchSettings;
import dev.optimizer.core.spi.Settings;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.Objects;

/**
 * Settings of a {@link BatchProcessor}. Immutable; {@link #ofDefaults()} or {@link #custom()}.
 *
 * <p>Threads: {@code concurrentJobs} job threads take jobs from the priority queue and coordinate them;
 * a pool of at most {@code maxWorkers} worker threads runs extra batches of PARALLEL and ADAPTIVE jobs
 * (the coordinator runs batches too); PIPELINE jobs get one thread per stage after the first. All are
 * daemon threads named {@code <name>-job-N}, {@code <name>-worker-N}, {@code <name>-stage-N}, {@code
 * <name>-events}, stopped by {@link BatchProcessor#close()}.
 */
public final class BatchConfig {
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private final String name;
  private final Strategy strategy;
  private final int batchSize;
  private final int maxWorkers;
  private final int concurrentJobs;
  private final int queueCapacity;
  private final QueueFullPolicy queueFullPolicy;
  private final Duration submitTimeout;
  private final RetryPolicy retryPolicy;
  private final int minBatchSize;
  private final int maxBatchSize;
  private final int minConcurrency;
  private final int maxConcurrency;
  private final int pipelineBuffer;
  private final Duration shutdownTimeout;
  private final int retainedJobs;
  private final Ticker ticker;
  private final JobStore jobStore;
  /** Settings set by builder calls, which bound system properties and environment variables never replace. */
  private final Set<String> explicit;

  private BatchConfig(Builder b) {
    this.explicit = Set.copyOf(b.explicit);
    this.name = b.name;
    this.strategy = b.strategy;
    this.batchSize = b.batchSize;
    this.maxWorkers = b.maxWorkers;
    this.concurrentJobs = b.concurrentJobs;
    this.queueCapacity = b.queueCapacity;
    this.queueFullPolicy = b.queueFullPolicy;
    this.submitTimeout = b.submitTimeout;
    this.retryPolicy = b.retryPolicy;
    this.minBatchSize = b.minBatchSize;
    this.maxBatchSize = b.maxBatchSize;
    this.minConcurrency = b.minConcurrency;
    this.maxConcurrency = b.maxConcurrency == 0 ? b.maxWorkers : b.maxConcurrency;
    this.pipelineBuffer = b.pipelineBuffer;
    this.shutdownTimeout = b.shutdownTimeout;
    this.retainedJobs = b.retainedJobs;
    this.ticker = b.ticker;
    this.jobStore = b.jobStore;
  }

  /** Whether this configuration's builder chose the job store (the bound settings then do not). */
  boolean jobStoreChosen() {
    return explicit.contains("job-store");
  }

  /**
   * A builder holding this configuration's settings; a setting this configuration's builder set explicitly
   * stays explicit (bound properties and environment variables do not replace it).
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.explicit.addAll(explicit);
    b.name = name;
    b.strategy = strategy;
    b.batchSize = batchSize;
    b.maxWorkers = maxWorkers;
    b.concurrentJobs = concurrentJobs;
    b.queueCapacity = queueCapacity;
    b.queueFullPolicy = queueFullPolicy;
    b.submitTimeout = submitTimeout;
    b.retryPolicy = retryPolicy;
    b.minBatchSize = minBatchSize;
    b.maxBatchSize = maxBatchSize;
    b.minConcurrency = minConcurrency;
    // Unset, the highest concurrency follows maxWorkers, which a bound setting may still change.
    b.maxConcurrency = explicit.contains("max-concurrency") ? maxConcurrency : 0;
    b.pipelineBuffer = pipelineBuffer;
    b.shutdownTimeout = shutdownTimeout;
    b.retainedJobs = retainedJobs;
    b.ticker = ticker;
    b.jobStore = jobStore;
    return b;
  }

  /** The defaults listed on each getter. */
  public static BatchConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Names threads and tags meters; default {@code optimizer-batch}. */
  public String name() {
    return name;
  }

  /** Strategy of jobs that name none; default {@link Strategy#ADAPTIVE}. */
  public Strategy strategy() {
    return strategy;
  }

  /** Items per batch for jobs that name none (SEQUENTIAL, PARALLEL, PIPELINE); default 100. */
  public int batchSize() {
    return batchSize;
  }

  /** Worker threads at most, and the default per-job concurrency; default max(2, cores). */
  public int maxWorkers() {
    return maxWorkers;
  }

  /** Jobs running at once (job threads); default 2. */
  public int concurrentJobs() {
    return concurrentJobs;
  }

  /** Jobs waiting in the queue at most; default 1000. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** What submit does on a full queue; default {@link QueueFullPolicy#REJECT}. */
  public QueueFullPolicy queueFullPolicy() {
    return queueFullPolicy;
  }

  /** How long {@link QueueFullPolicy#WAIT} waits for room; default 30 s. */
  public Duration submitTimeout() {
    return submitTimeout;
  }

  /** Retry policy of jobs that name none; default {@link RetryPolicy#none()}. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** ADAPTIVE's smallest batch; default 1. */
  public int minBatchSize() {
    return minBatchSize;
  }

  /** ADAPTIVE's largest batch; default 4096. */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** ADAPTIVE's lowest concurrency; default 1. */
  public int minConcurrency() {
    return minConcurrency;
  }

  /** ADAPTIVE's highest concurrency; default {@link #maxWorkers()}. */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** Batches buffered between two PIPELINE stages; default 2. */
  public int pipelineBuffer() {
    return pipelineBuffer;
  }

  /**
   * How long {@link BatchProcessor#close()} lets queued and running jobs finish before cancelling them;
   * default 30 s.
   */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** Finished jobs kept for {@link BatchProcessor#status} and {@link BatchProcessor#results}; default 1000. */
  public int retainedJobs() {
    return retainedJobs;
  }

  /** Time source for latency, rate, ETA and the adaptive controller; default {@link Ticker#system()}. */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Where jobs submitted by handler name ({@link NamedJob}) live and run; default {@link JobStore#inMemory()}
   * (this JVM, today's behaviour). Lambda jobs ({@link Job}) always run in this JVM.
   */
  public JobStore jobStore() {
    return jobStore;
  }

  @Override
  public String toString() {
    return "BatchConfig{name=" + name + ", jobStore=" + jobStore + ", strategy=" + strategy + ", batchSize=" + batchSize + ", maxWorkers="
        + maxWorkers + ", concurrentJobs=" + concurrentJobs + ", queueCapacity=" + queueCapacity + ", queueFull="
        + queueFullPolicy + ", adaptive=[" + minBatchSize + ".." + maxBatchSize + "]x[" + minConcurrency + ".."
        + maxConcurrency + "], retry=" + retryPolicy + "}";
  }

  /** Builds a {@link BatchConfig}; setters check their own argument, {@link #build()} their combination. */
  public static final class Builder {
    private String name = "optimizer-batch";
    private Strategy strategy = Strategy.ADAPTIVE;
    private int batchSize = 100;
    private int maxWorkers = Math.max(2, CORES);
    private int concurrentJobs = 2;
    private int queueCapacity = 1000;
    private QueueFullPolicy queueFullPolicy = QueueFullPolicy.REJECT;
    private Duration submitTimeout = Duration.ofSeconds(30);
    private RetryPolicy retryPolicy = RetryPolicy.none();
    private int minBatchSize = 1;
    private int maxBatchSize = 4096;
    private int minConcurrency = 1;
    private int maxConcurrency;
    private int pipelineBuffer = 2;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private int retainedJobs = 1000;
    private Ticker ticker = Ticker.system();
    private JobStore jobStore = JobStore.inMemory();
    private final Set<String> explicit = new HashSet<>();
    private Settings settings = Settings.empty();

    private Builder() {}

    /** Thread and meter name; letters, digits, '.', '-' and '_' only. */
    public Builder name(String name) {
      if (!Objects.requireNonNull(name, "name").matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("name must be letters, digits, '.', '-' or '_', was '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /** Default strategy; PIPELINE needs stages, so it cannot be a default. */
    public Builder strategy(Strategy strategy) {
      if (Objects.requireNonNull(strategy, "strategy") == Strategy.PIPELINE) {
        throw new IllegalArgumentException("PIPELINE cannot be the default strategy: it needs a Pipeline per job");
      }
      this.strategy = strategy;
      return this;
    }

    /** Default batch size, {@code >= 1}. */
    public Builder batchSize(int size) {
      this.batchSize = requireAtLeast(size, 1, "batchSize");
      explicit.add("batch-size");
      return this;
    }

    /** Worker threads at most, {@code >= 1}. */
    public Builder maxWorkers(int workers) {
      this.maxWorkers = requireAtLeast(workers, 1, "maxWorkers");
      explicit.add("max-workers");
      return this;
    }

    /** Jobs running at once, {@code >= 1}. */
    public Builder concurrentJobs(int jobs) {
      this.concurrentJobs = requireAtLeast(jobs, 1, "concurrentJobs");
      return this;
    }

    /** Queue capacity, {@code >= 1}. */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = requireAtLeast(capacity, 1, "queueCapacity");
      return this;
    }

    /** What submit does when the queue is full. */
    public Builder queueFullPolicy(QueueFullPolicy policy) {
      this.queueFullPolicy = Objects.requireNonNull(policy, "queueFullPolicy");
      return this;
    }

    /** How long WAIT waits; positive. */
    public Builder submitTimeout(Duration timeout) {
      this.submitTimeout = requirePositive(timeout, "submitTimeout");
      return this;
    }

    /** Default retry policy. */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
      return this;
    }

    /** ADAPTIVE's smallest batch, {@code >= 1}. */
    public Builder minBatchSize(int size) {
      this.minBatchSize = requireAtLeast(size, 1, "minBatchSize");
      return this;
    }

    /** ADAPTIVE's largest batch, {@code >= 1}. */
    public Builder maxBatchSize(int size) {
      this.maxBatchSize = requireAtLeast(size, 1, "maxBatchSize");
      explicit.add("max-batch-size");
      return this;
    }

    /** ADAPTIVE's lowest concurrency, {@code >= 1}. */
    public Builder minConcurrency(int concurrency) {
      this.minConcurrency = requireAtLeast(concurrency, 1, "minConcurrency");
      return this;
    }

    /** ADAPTIVE's highest concurrency, {@code >= 1}; default maxWorkers. */
    public Builder maxConcurrency(int concurrency) {
      this.maxConcurrency = requireAtLeast(concurrency, 1, "maxConcurrency");
      explicit.add("max-concurrency");
      return this;
    }

    /** Batches buffered between pipeline stages, {@code >= 1}. */
    public Builder pipelineBuffer(int batches) {
      this.pipelineBuffer = requireAtLeast(batches, 1, "pipelineBuffer");
      return this;
    }

    /** How long close() drains before cancelling; zero or positive. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = requireNonNegative(timeout, "shutdownTimeout");
      return this;
    }

    /** Finished jobs kept by id, {@code >= 0}. */
    public Builder retainedJobs(int jobs) {
      this.retainedJobs = requireAtLeast(jobs, 0, "retainedJobs");
      return this;
    }

    /**
     * The time source for latency, rate, ETA, retry backoff deadlines and the adaptive controller, in
     * {@link Ticker#read()} nanoseconds; default {@link Ticker#system()}. Given here, it wins over the
     * optimizer's ticker when a {@link BatchModule} starts; not given, the module uses the optimizer's.
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      explicit.add("ticker");
      return this;
    }

    /**
     * Where jobs submitted by handler name live: {@link JobStore#inMemory()} (default) or a {@link
     * RedisJobStore}, shared by every node that uses the same Redis and namespace.
     *
     * @throws NullPointerException if {@code store} is null
     */
    public Builder jobStore(JobStore store) {
      this.jobStore = Objects.requireNonNull(store, "store");
      explicit.add("job-store");
      return this;
    }

    /** The optimizer's ticker, used only when {@link #ticker(Ticker)} was not called (module start). */
    Builder defaultTicker(Ticker ticker) {
      if (!explicit.contains("ticker")) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
      }
      return this;
    }

    /**
     * Bound system properties and environment variables read at {@link #build()}: {@code batch.batch-size},
     * {@code batch.max-batch-size} and {@code batch.max-workers} ({@code OPTIMIZER_BATCH_*}), each only where
     * no builder call set the value. Default {@link Settings#empty()}; the batch module passes the optimizer's.
     */
    public Builder settings(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if minBatchSize &gt; maxBatchSize, minConcurrency &gt; maxConcurrency,
     *     or maxConcurrency &gt; maxWorkers
     */
    public BatchConfig build() {
      if (!explicit.contains("batch-size")) {
        settings.get(BatchSettings.BATCH_SIZE).ifPresent(v -> batchSize = v);
      }
      if (!explicit.contains("max-batch-size")) {
        settings.get(BatchSettings.MAX_BATCH_SIZE).ifPresent(v -> maxBatchSize = v);
      }
      if (!explicit.contains("max-workers")) {
        settings.get(BatchSettings.MAX_WORKERS).ifPresent(v -> maxWorkers = v);
      }
      if (minBatchSize > maxBatchSize) {
        throw new IllegalStateException("minBatchSize " + minBatchSize + " > maxBatchSize " + maxBatchSize);
      }
      int maxConc = maxConcurrency == 0 ? maxWorkers : maxConcurrency;
      if (minConcurrency > maxConc) {
        throw new IllegalStateException("minConcurrency " + minConcurrency + " > maxConcurrency " + maxConc);
      }
      if (maxConc > maxWorkers) {
        throw new IllegalStateException("maxConcurrency " + maxConc + " > maxWorkers " + maxWorkers
            + ": ADAPTIVE cannot run more batches at once than there are workers");
      }
      return new BatchConfig(this);
    }
  }
}
