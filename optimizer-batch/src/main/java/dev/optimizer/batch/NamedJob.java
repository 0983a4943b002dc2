package dev.optimizer.batch;

import static dev.optimizer.core.support.Checks.requireAtLeast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A job for a handler registered by name ({@link BatchProcessor#register}), which a {@link RedisJobStore}
 * can run on any node that registered it. Immutable; the item list is copied when the job is built.
 *
 * <pre>{@code
 * NamedJob<String, String> job = NamedJob.of("resize-video", paths, JobCodec.string(), JobCodec.string())
 *     .batchSize(100).priority(5).idempotencyKey("upload-8812").build();
 * }</pre>
 *
 * @param <I> item type
 * @param <O> result type
 */
public final class NamedJob<I, O> {
  /** Handler names: letters, digits, '.', '-', '_' and ':' (they become part of Redis keys). */
  public static final String NAME_PATTERN = "[A-Za-z0-9._:-]{1,200}";

  private final String handler;
  private final List<I> items;
  private final JobCodec<I> itemCodec;
  private final JobCodec<O> resultCodec;
  private final int priority;
  private final int batchSize;
  private final boolean adaptiveBatchSize;
  private final @Nullable String idempotencyKey;
  private final Map<String, String> metadata;

  private NamedJob(Builder<I, O> b) {
    this.handler = b.handler;
    this.items = Collections.unmodifiableList(new ArrayList<>(b.items));
    this.itemCodec = b.itemCodec;
    this.resultCodec = b.resultCodec;
    this.priority = b.priority;
    this.batchSize = b.batchSize;
    this.adaptiveBatchSize = b.adaptiveBatchSize;
    this.idempotencyKey = b.idempotencyKey;
    this.metadata = Map.copyOf(b.metadata);
  }

  /**
   * A builder for a job of handler {@code handler} over {@code items}.
   *
   * @throws IllegalArgumentException if {@code handler} does not match {@link #NAME_PATTERN}
   * @throws NullPointerException if an argument is null
   */
  public static <I, O> Builder<I, O> of(String handler, List<? extends I> items, JobCodec<I> itemCodec,
      JobCodec<O> resultCodec) {
    return new Builder<>(checkName(handler), items, itemCodec, resultCodec);
  }

  static String checkName(String handler) {
    if (!Objects.requireNonNull(handler, "handler").matches(NAME_PATTERN)) {
      throw new IllegalArgumentException("handler name must match " + NAME_PATTERN + ", was '" + handler + "'");
    }
    return handler;
  }

  /** The handler's name. */
  public String handler() {
    return handler;
  }

  /** The items, unmodifiable. */
  public List<I> items() {
    return items;
  }

  /** Encodes the items for the store. */
  public JobCodec<I> itemCodec() {
    return itemCodec;
  }

  /** Decodes the results read from the store. */
  public JobCodec<O> resultCodec() {
    return resultCodec;
  }

  /** Higher runs first; default 0. */
  public int priority() {
    return priority;
  }

  /**
   * Whether the store sizes this job's batches from the handler's latency observed across nodes ({@link
   * Builder#adaptiveBatchSize()}).
   */
  public boolean adaptiveBatchSize() {
    return adaptiveBatchSize;
  }

  /** Items per batch; 0 (the default) means the processor's {@link BatchConfig#batchSize()}. */
  public int batchSize() {
    return batchSize;
  }

  /** Submitting a job with the key of a job the store still holds returns that job; null for none. */
  public @Nullable String idempotencyKey() {
    return idempotencyKey;
  }

  /** The job's metadata. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Builds a {@link NamedJob}; each setter checks its argument. Not thread-safe. */
  public static final class Builder<I, O> {
    private final String handler;
    private final List<? extends I> items;
    private final JobCodec<I> itemCodec;
    private final JobCodec<O> resultCodec;
    private int priority;
    private int batchSize;
    private boolean adaptiveBatchSize;
    private @Nullable String idempotencyKey;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder(String handler, List<? extends I> items, JobCodec<I> itemCodec, JobCodec<O> resultCodec) {
      this.handler = handler;
      this.items = Objects.requireNonNull(items, "items");
      this.itemCodec = Objects.requireNonNull(itemCodec, "itemCodec");
      this.resultCodec = Objects.requireNonNull(resultCodec, "resultCodec");
    }

    /** Higher runs first. */
    public Builder<I, O> priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** Items per batch, {@code >= 1}. Replaces {@link #adaptiveBatchSize()}. */
    public Builder<I, O> batchSize(int size) {
      this.batchSize = requireAtLeast(size, 1, "batchSize");
      this.adaptiveBatchSize = false;
      return this;
    }

    /**
     * The ADAPTIVE batch size of a store job: at submit, the store cuts the items into batches that the
     * handler's workers, on every node, have lately taken about {@link RedisJobStoreConfig#adaptiveBatchTime()}
     * to run (their average time per item, which every node reports with its lease renewals), within 1 and
     * the processor's {@link BatchConfig#maxBatchSize()}. Before any node has reported, the processor's
     * {@link BatchConfig#batchSize()}. Replaces {@link #batchSize(int)}.
     */
    public Builder<I, O> adaptiveBatchSize() {
      this.adaptiveBatchSize = true;
      this.batchSize = 0;
      return this;
    }

    /**
     * A key naming this unit of work: while the store holds a job submitted with the same key (until its
     * finished-job TTL ends), submitting again returns that job instead of a new one.
     *
     * @throws IllegalArgumentException if blank or longer than 500 characters
     */
    public Builder<I, O> idempotencyKey(String key) {
      if (Objects.requireNonNull(key, "key").isBlank() || key.length() > 500) {
        throw new IllegalArgumentException("idempotencyKey must be 1..500 characters and not blank");
      }
      this.idempotencyKey = key;
      return this;
    }

    /** One metadata entry (names contain no '=' or newline). */
    public Builder<I, O> metadata(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.isEmpty() || key.contains("=") || key.contains("\n") || value.contains("\n")) {
        throw new IllegalArgumentException("metadata key must be non-empty without '=' or newline, value without "
            + "newline: " + key);
      }
      metadata.put(key, value);
      return this;
    }

    /** The job. */
    public NamedJob<I, O> build() {
      return new NamedJob<>(this);
    }
  }
}
