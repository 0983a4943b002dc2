package dev.optimizer.batch.internal;

import dev.optimizer.batch.BatchFunction;
import dev.optimizer.batch.Job;
import dev.optimizer.batch.JobHandle;
import dev.optimizer.batch.JobStoreException;
import dev.optimizer.batch.NamedJob;
import dev.optimizer.batch.RetryPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Handlers by name for the in-memory store: a {@link NamedJob} becomes an ordinary {@link Job} of the
 * handler registered here (items are not encoded: they never leave the JVM). Thread-safe.
 */
public final class LocalHandlers {
  private final Map<String, BatchFunction<?, ?>> handlers = new ConcurrentHashMap<>();
  private final Map<String, JobHandle<?>> byKey = new ConcurrentHashMap<>();

  /** @throws IllegalStateException if {@code name} is already registered */
  public void register(String name, BatchFunction<?, ?> handler) {
    if (handlers.putIfAbsent(name, handler) != null) {
      throw new IllegalStateException("handler '" + name + "' is already registered on this processor");
    }
  }

  /**
   * Submits {@code job} through {@code submit}, or returns the live or retained job of its idempotency key.
   * A job naming no registered handler fails every item with {@link JobStoreException.Kind#UNKNOWN_HANDLER}.
   */
  @SuppressWarnings("unchecked")
  public <I, O> JobHandle<O> submit(NamedJob<I, O> job, Function<Job<I, O>, JobHandle<O>> submit,
      Function<Long, @Nullable Object> retained) {
    String key = job.idempotencyKey();
    if (key != null) {
      JobHandle<?> existing = byKey.get(key);
      if (existing != null && retained.apply(existing.id()) != null) {
        return (JobHandle<O>) existing;
      }
    }
    BatchFunction<I, O> fn = (BatchFunction<I, O>) handlers.get(job.handler());
    Job.Builder<I, O> b;
    if (fn == null) {
      String message = "no handler '" + job.handler() + "' is registered on this processor";
      b = Job.<I, O>of(job.items(), batch -> {
        throw new JobStoreException(JobStoreException.Kind.UNKNOWN_HANDLER, message);
      }).retryPolicy(RetryPolicy.none());
    } else {
      b = Job.of(job.items(), fn);
    }
    b.name(job.handler()).priority(job.priority());
    if (job.batchSize() > 0) {
      b.batchSize(job.batchSize());
    }
    job.metadata().forEach(b::metadata);
    JobHandle<O> handle = submit.apply(b.build());
    if (key != null) {
      byKey.put(key, handle);
    }
    return handle;
  }
}
