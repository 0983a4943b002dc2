package dev.optimizer.batch;

import dev.optimizer.batch.internal.RemoteJobs;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link BatchProcessor} keeps the jobs submitted by handler name ({@link NamedJob}): {@link
 * #inMemory()} (the default: they live and run in this JVM, as lambda jobs always do) or {@link
 * RedisJobStore} (any node submits, works and reads status). Choose one with {@link
 * BatchConfig.Builder#jobStore(JobStore)}. Immutable; one store may configure several processors only if
 * each has its own {@link RedisJobStoreConfig#namespace()}.
 */
public abstract class JobStore {
  private static final JobStore IN_MEMORY = new JobStore() {
    @Override
    @Nullable RemoteJobs open(BatchConfig config, RemoteJobs.Host host) {
      return null;
    }

    @Override
    public String describe() {
      return "in-memory";
    }
  };

  JobStore() {}

  /** Jobs live in this JVM only: today's behaviour, the default. */
  public static JobStore inMemory() {
    return IN_MEMORY;
  }

  /** The store's jobs for one processor, or null for in-memory. */
  abstract @Nullable RemoteJobs open(BatchConfig config, RemoteJobs.Host host);

  /** A short description for logs, e.g. {@code redis 127.0.0.1:6379 {optimizer-jobs}}. */
  public abstract String describe();

  @Override
  public String toString() {
    return describe();
  }
}
