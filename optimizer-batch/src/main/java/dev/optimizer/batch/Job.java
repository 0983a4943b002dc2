package dev.optimizer.batch;

import static dev.optimizer.core.support.Checks.requireAtLeast;
import static dev.optimizer.core.support.Checks.requireNonBlank;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A unit of work for {@link BatchProcessor#submit}: the items, what to do with each batch, and how.
 * Immutable; the item list is copied when the job is built.
 *
 * <pre>{@code
 * Job<Long, User> job = Job.of(ids, (List<Long> batch) -> userRepo.findAll(batch))
 *     .batchSize(200).strategy(Strategy.PARALLEL).priority(5).metadata("tenant", "acme").build();
 * }</pre>
 *
 * @param <I> item type
 * @param <O> result type
 */
public final class Job<I, O> {
  private final List<I> items;
  private final @Nullable ItemwiseBatchFunction<I, O> function;
  private final @Nullable Pipeline<I, O> pipeline;
  private final String name;
  private final int priority;
  private final Map<String, String> metadata;
  private final @Nullable Strategy strategy;
  private final int batchSize;
  private final int maxWorkers;
  private final @Nullable RetryPolicy retryPolicy;
  private final @Nullable AdaptiveTuning tuning;

  private Job(Builder<I, O> b) {
    this.items = b.items;
    this.function = b.function;
    this.pipeline = b.pipeline;
    this.name = b.name;
    this.priority = b.priority;
    this.metadata = Map.copyOf(b.metadata);
    this.strategy = b.pipeline != null ? Strategy.PIPELINE : b.strategy;
    this.batchSize = b.batchSize;
    this.maxWorkers = b.maxWorkers;
    this.retryPolicy = b.retryPolicy;
    this.tuning = b.tuning;
  }

  /**
   * A job whose function processes whole batches (a throw fails the whole batch).
   *
   * @param items copied; nulls allowed
   */
  public static <I, O> Builder<I, O> of(List<? extends I> items, BatchFunction<I, O> function) {
    Objects.requireNonNull(function, "function");
    return new Builder<I, O>(items).function(batch -> {
      List<O> out = function.apply(batch);
      if (out == null || out.size() != batch.size()) {
        throw new IllegalStateException("batch function returned " + (out == null ? "null" : out.size() + " results")
            + " for " + batch.size() + " items");
      }
      return BatchOutcome.success(out);
    });
  }

  /** A job whose function reports each item's outcome, so only failed items are retried. */
  public static <I, O> Builder<I, O> itemwise(List<? extends I> items, ItemwiseBatchFunction<I, O> function) {
    return new Builder<I, O>(items).function(Objects.requireNonNull(function, "function"));
  }

  /** A job run by {@link Strategy#PIPELINE} through the stages of {@code pipeline}. */
  public static <I, O> Builder<I, O> pipeline(List<? extends I> items, Pipeline<I, O> pipeline) {
    Builder<I, O> b = new Builder<>(items);
    b.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    b.strategy = Strategy.PIPELINE;
    return b;
  }

  /** The items, in input order; unmodifiable. */
  public List<I> items() {
    return items;
  }

  /** The batch function; null for a pipeline job. */
  public @Nullable ItemwiseBatchFunction<I, O> function() {
    return function;
  }

  /** The pipeline; null unless this is a pipeline job. */
  public @Nullable Pipeline<I, O> pipeline() {
    return pipeline;
  }

  /** A name for logs and thread names; default {@code job}. */
  public String name() {
    return name;
  }

  /** Higher runs first; equal priorities run in submission order. Default 0. */
  public int priority() {
    return priority;
  }

  /** Free-form labels carried with the job; unmodifiable. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The strategy, or null for the processor's default. */
  public @Nullable Strategy strategy() {
    return strategy;
  }

  /** Items per batch, or 0 for the processor's default (ADAPTIVE chooses its own). */
  public int batchSize() {
    return batchSize;
  }

  /** Concurrent batches at most, or 0 for the processor's default. */
  public int maxWorkers() {
    return maxWorkers;
  }

  /** The retry policy, or null for the processor's default. */
  public @Nullable RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The ADAPTIVE tuning this job uses, or null for a fresh one per job. */
  public @Nullable AdaptiveTuning adaptiveTuning() {
    return tuning;
  }

  /**
   * Builds a {@link Job}; each setter checks its argument. Not thread-safe.
   *
   * @param <I> item type
   * @param <O> result type
   */
  public static final class Builder<I, O> {
    private final List<I> items;
    private @Nullable ItemwiseBatchFunction<I, O> function;
    private @Nullable Pipeline<I, O> pipeline;
    private String name = "job";
    private int priority;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private @Nullable Strategy strategy;
    private int batchSize;
    private int maxWorkers;
    private @Nullable RetryPolicy retryPolicy;
    private @Nullable AdaptiveTuning tuning;

    private Builder(List<? extends I> items) {
      Objects.requireNonNull(items, "items");
      // Unmodifiable copy that tolerates null items (List.copyOf does not).
      this.items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }

    private Builder<I, O> function(ItemwiseBatchFunction<I, O> f) {
      this.function = f;
      return this;
    }

    /** A name for logs; not blank. */
    public Builder<I, O> name(String name) {
      requireNonBlank(Objects.requireNonNull(name, "name"), "name");
      this.name = name;
      return this;
    }

    /** Higher runs first; any int. */
    public Builder<I, O> priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** Adds one label; key and value non-null. */
    public Builder<I, O> metadata(String key, String value) {
      metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The strategy; PIPELINE only through {@link Job#pipeline}. */
    public Builder<I, O> strategy(Strategy strategy) {
      Objects.requireNonNull(strategy, "strategy");
      if (strategy == Strategy.PIPELINE && pipeline == null) {
        throw new IllegalArgumentException("PIPELINE needs stages: build the job with Job.pipeline(items, pipeline)");
      }
      if (pipeline != null && strategy != Strategy.PIPELINE) {
        throw new IllegalArgumentException("a pipeline job runs with PIPELINE, not " + strategy);
      }
      this.strategy = strategy;
      return this;
    }

    /** Items per batch, {@code >= 1}. */
    public Builder<I, O> batchSize(int size) {
      this.batchSize = requireAtLeast(size, 1, "batchSize");
      return this;
    }

    /** Concurrent batches at most, {@code >= 1}; the processor's worker cap still applies. */
    public Builder<I, O> maxWorkers(int workers) {
      this.maxWorkers = requireAtLeast(workers, 1, "maxWorkers");
      return this;
    }

    /** The retry policy for this job's batches. */
    public Builder<I, O> retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
      return this;
    }

    /**
     * The tuning an ADAPTIVE job uses. Share one between jobs running the same kind of work so that
     * each job starts from what earlier ones learned; by default every job starts afresh.
     */
    public Builder<I, O> adaptiveTuning(AdaptiveTuning tuning) {
      this.tuning = Objects.requireNonNull(tuning, "tuning");
      return this;
    }

    /** The job. */
    public Job<I, O> build() {
      return new Job<>(this);
    }
  }
}
