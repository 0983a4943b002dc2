package dev.optimizer.batch.internal;

import dev.optimizer.core.spi.ModuleSettings;
import dev.optimizer.core.spi.Setting;
import java.time.Duration;
import java.util.List;

/** The batch module's {@code optimizer.batch.*} settings, listed for the core through ServiceLoader. */
public final class BatchSettings implements ModuleSettings {
  public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch.batch-size", 1, Integer.MAX_VALUE,
      "100", "default batch size of submitted jobs");
  public static final Setting<Integer> MAX_BATCH_SIZE = Setting.integer("batch.max-batch-size", 1,
      Integer.MAX_VALUE, "4096", "largest batch the ADAPTIVE strategy may choose");
  public static final Setting<Integer> MAX_WORKERS = Setting.integer("batch.max-workers", 1, 4096,
      "max(2, cores)", "worker threads of the batch processor at most");

  public static final Setting<Boolean> JOB_STORE_REDIS = Setting.bool("batch.job-store.redis", "false",
      "whether named jobs live in Redis on the process's shared connection (optimizer.redis.*)");
  public static final Setting<String> JOB_STORE_NAMESPACE = Setting.of("batch.job-store.namespace", "optimizer-jobs",
      "prefix of the Redis job store's keys; nodes that share jobs use the same one",
      "1..100 letters, digits, '.', '-', '_' or ':'", text -> {
        if (!text.matches("[A-Za-z0-9._:-]{1,100}")) {
          throw new IllegalArgumentException("not a namespace");
        }
        return text;
      });
  public static final Setting<Duration> JOB_STORE_LEASE = Setting.duration("batch.job-store.lease", false, "30s",
      "how long a worker owns a batch of the Redis job store without renewing its lease");
  public static final Setting<Integer> JOB_STORE_WORKERS = Setting.integer("batch.job-store.workers", 0, 4096,
      "0 (the processor's max-workers)", "batches of the Redis job store this node works on at once");
  public static final Setting<Duration> JOB_STORE_FINISHED_TTL = Setting.duration("batch.job-store.finished-ttl",
      false, "1d", "how long a finished job of the Redis job store stays readable");

  @Override
  public String module() {
    return "batch";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(BATCH_SIZE, MAX_BATCH_SIZE, MAX_WORKERS, JOB_STORE_REDIS, JOB_STORE_NAMESPACE, JOB_STORE_LEASE,
        JOB_STORE_WORKERS, JOB_STORE_FINISHED_TTL);
  }
}
