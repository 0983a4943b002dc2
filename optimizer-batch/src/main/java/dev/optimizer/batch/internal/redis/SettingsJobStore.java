package dev.optimizer.batch.internal.redis;

import dev.optimizer.batch.JobStore;
import dev.optimizer.batch.RedisJobStore;
import dev.optimizer.batch.RedisJobStoreConfig;
import dev.optimizer.batch.internal.BatchSettings;
import dev.optimizer.core.spi.Settings;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;

/**
 * The Redis job store that {@code optimizer.batch.job-store.redis=true} asks for, without Spring: on the
 * process's shared connection for the bound {@code optimizer.redis.*} settings. The only way the batch module
 * reaches optimizer-redis from its settings; loaded only when that setting is true. No Redis type appears in
 * its signatures, so the module links without optimizer-redis on the classpath.
 */
public final class SettingsJobStore {
  private SettingsJobStore() {}

  /** A reference to the process's shared connection for the bound {@code optimizer.redis.*}; close it. */
  public static AutoCloseable connection(Settings settings) {
    return RedisConnection.shared(RedisConfig.custom().settings(settings).build());
  }

  /** A job store on {@code connection} configured from the bound {@code optimizer.batch.job-store.*}. */
  public static JobStore store(AutoCloseable connection, Settings settings) {
    RedisJobStoreConfig.Builder b = RedisJobStoreConfig.custom();
    settings.get(BatchSettings.JOB_STORE_NAMESPACE).ifPresent(b::namespace);
    settings.get(BatchSettings.JOB_STORE_LEASE).ifPresent(b::lease);
    settings.get(BatchSettings.JOB_STORE_WORKERS).ifPresent(b::workers);
    settings.get(BatchSettings.JOB_STORE_FINISHED_TTL).ifPresent(b::finishedTtl);
    return RedisJobStore.create((RedisConnection) connection, b.build());
  }
}
