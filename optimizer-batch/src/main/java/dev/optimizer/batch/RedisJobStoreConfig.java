package dev.optimizer.batch;

import static dev.optimizer.core.support.Checks.requireAtLeast;
import static dev.optimizer.core.support.Checks.requirePositive;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Settings of a {@link RedisJobStore}. Immutable; {@link #ofDefaults()} or {@link #custom()}.
 */
public final class RedisJobStoreConfig {
  private final String namespace;
  private final String nodeId;
  private final Duration lease;
  private final Duration renewInterval;
  private final Duration reclaimInterval;
  private final Duration pollInterval;
  private final Duration handlerTimeout;
  private final Duration finishedTtl;
  private final Duration adaptiveBatchTime;
  private final int maxDeliveries;
  private final int workers;
  private final int deadLetterCapacity;

  private RedisJobStoreConfig(Builder b) {
    this.namespace = b.namespace;
    this.nodeId = b.nodeId;
    this.lease = b.lease;
    this.renewInterval = b.renewInterval != null ? b.renewInterval : b.lease.dividedBy(3);
    this.reclaimInterval = b.reclaimInterval != null ? b.reclaimInterval : b.lease.dividedBy(2);
    this.pollInterval = b.pollInterval;
    this.handlerTimeout = b.handlerTimeout;
    this.finishedTtl = b.finishedTtl;
    this.adaptiveBatchTime = b.adaptiveBatchTime;
    this.maxDeliveries = b.maxDeliveries;
    this.workers = b.workers;
    this.deadLetterCapacity = b.deadLetterCapacity;
  }

  /** The defaults listed on each getter. */
  public static RedisJobStoreConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * The store's key space: every key is {@code {<namespace>}:...}, one hash tag, so that each state change
   * (job hash, stream, dead letters) is one atomic script on one Redis Cluster slot; default {@code
   * optimizer-jobs}. Processors sharing a namespace share jobs.
   */
  public String namespace() {
    return namespace;
  }

  /** This node's name as a stream consumer and lease owner; default a random UUID per config. */
  public String nodeId() {
    return nodeId;
  }

  /**
   * How long a taken batch stays this worker's without renewal; default 30 s. Another node takes the batch
   * over only after its lease expired on the Redis server's clock.
   */
  public Duration lease() {
    return lease;
  }

  /** How often the node's one lease timer renews the leases of all its batches; default lease / 3. */
  public Duration renewInterval() {
    return renewInterval;
  }

  /** How often a node looks for batches whose lease expired (XAUTOCLAIM); default lease / 2. */
  public Duration reclaimInterval() {
    return reclaimInterval;
  }

  /** How long one blocking read of the streams waits for work (kept below the socket timeout); default 100 ms. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /**
   * A handler counts as registered while some node announced it within this time (nodes announce theirs
   * with every lease renewal); a job whose handler no node announced fails at submit with {@link
   * JobStoreException.Kind#UNKNOWN_HANDLER}; default 60 s.
   */
  public Duration handlerTimeout() {
    return handlerTimeout;
  }

  /** How long a finished job keeps its status and results; default 1 day. */
  public Duration finishedTtl() {
    return finishedTtl;
  }

  /**
   * How long one batch of a job with {@link NamedJob.Builder#adaptiveBatchSize()} should run on a worker: its
   * batch size is this over the handler's average time per item across nodes; default 200 ms.
   */
  public Duration adaptiveBatchTime() {
    return adaptiveBatchTime;
  }

  /** Deliveries of one batch before it goes to the dead letters; default 5. */
  public int maxDeliveries() {
    return maxDeliveries;
  }

  /** Batches this node runs at once; 0 (default) means the processor's {@link BatchConfig#maxWorkers()}. */
  public int workers() {
    return workers;
  }

  /** Dead letters kept (newest first); default 10,000. */
  public int deadLetterCapacity() {
    return deadLetterCapacity;
  }

  @Override
  public String toString() {
    return "RedisJobStoreConfig{namespace=" + namespace + ", node=" + nodeId + ", lease=" + lease + ", renew="
        + renewInterval + ", maxDeliveries=" + maxDeliveries + ", finishedTtl=" + finishedTtl + "}";
  }

  /** Builds a {@link RedisJobStoreConfig}; setters check their argument, {@link #build()} the combination. */
  public static final class Builder {
    private String namespace = "optimizer-jobs";
    private String nodeId = UUID.randomUUID().toString();
    private Duration lease = Duration.ofSeconds(30);
    private Duration renewInterval;
    private Duration reclaimInterval;
    private Duration pollInterval = Duration.ofMillis(100);
    private Duration handlerTimeout = Duration.ofSeconds(60);
    private Duration finishedTtl = Duration.ofDays(1);
    private Duration adaptiveBatchTime = Duration.ofMillis(200);
    private int maxDeliveries = 5;
    private int workers;
    private int deadLetterCapacity = 10_000;

    private Builder() {}

    /** Key space; letters, digits, '.', '-', '_' and ':'. */
    public Builder namespace(String namespace) {
      if (!Objects.requireNonNull(namespace, "namespace").matches("[A-Za-z0-9._:-]{1,100}")) {
        throw new IllegalArgumentException("namespace must be 1..100 letters, digits, '.', '-', '_' or ':', was '"
            + namespace + "'");
      }
      this.namespace = namespace;
      return this;
    }

    /** Node name; letters, digits, '.', '-', '_' and ':'. */
    public Builder nodeId(String nodeId) {
      if (!Objects.requireNonNull(nodeId, "nodeId").matches("[A-Za-z0-9._:-]{1,100}")) {
        throw new IllegalArgumentException("nodeId must be 1..100 letters, digits, '.', '-', '_' or ':', was '"
            + nodeId + "'");
      }
      this.nodeId = nodeId;
      return this;
    }

    /** Lease, at least 100 ms. */
    public Builder lease(Duration lease) {
      if (requirePositive(lease, "lease").toMillis() < 100) {
        throw new IllegalArgumentException("lease must be at least 100 ms, was " + lease);
      }
      this.lease = lease;
      return this;
    }

    /** Renewal period; positive. */
    public Builder renewInterval(Duration interval) {
      this.renewInterval = requirePositive(interval, "renewInterval");
      return this;
    }

    /** Reclaim period; positive. */
    public Builder reclaimInterval(Duration interval) {
      this.reclaimInterval = requirePositive(interval, "reclaimInterval");
      return this;
    }

    /** Blocking read wait, 1 ms or more. */
    public Builder pollInterval(Duration interval) {
      if (requirePositive(interval, "pollInterval").toMillis() < 1) {
        throw new IllegalArgumentException("pollInterval must be at least 1 ms, was " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /** Handler liveness window; positive. */
    public Builder handlerTimeout(Duration timeout) {
      this.handlerTimeout = requirePositive(timeout, "handlerTimeout");
      return this;
    }

    /** Finished-job TTL, at least 1 ms. */
    public Builder finishedTtl(Duration ttl) {
      if (requirePositive(ttl, "finishedTtl").toMillis() < 1) {
        throw new IllegalArgumentException("finishedTtl must be at least 1 ms, was " + ttl);
      }
      this.finishedTtl = ttl;
      return this;
    }

    /** Target run time of one ADAPTIVE batch, positive. */
    public Builder adaptiveBatchTime(Duration time) {
      this.adaptiveBatchTime = requirePositive(time, "adaptiveBatchTime");
      return this;
    }

    /** Deliveries before dead-lettering, {@code >= 1}. */
    public Builder maxDeliveries(int deliveries) {
      this.maxDeliveries = requireAtLeast(deliveries, 1, "maxDeliveries");
      return this;
    }

    /** Batches at once on this node, {@code >= 0} (0: the processor's maxWorkers). */
    public Builder workers(int workers) {
      this.workers = requireAtLeast(workers, 0, "workers");
      return this;
    }

    /** Dead letters kept, {@code >= 1}. */
    public Builder deadLetterCapacity(int capacity) {
      this.deadLetterCapacity = requireAtLeast(capacity, 1, "deadLetterCapacity");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if renewInterval is not below the lease (a lease would expire between
     *     two renewals)
     */
    public RedisJobStoreConfig build() {
      Duration renew = renewInterval != null ? renewInterval : lease.dividedBy(3);
      if (renew.compareTo(lease) >= 0) {
        throw new IllegalStateException("renewInterval " + renew + " must be below the lease " + lease);
      }
      return new RedisJobStoreConfig(this);
    }
  }
}
