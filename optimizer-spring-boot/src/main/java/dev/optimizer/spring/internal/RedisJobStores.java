package dev.optimizer.spring.internal;

import dev.optimizer.batch.BatchConfig;
import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.RedisJobStore;
import dev.optimizer.batch.RedisJobStoreConfig;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.spring.OptimizerProperties;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The batch module with its named jobs in Redis, on the context's shared {@link RedisConnection}, for {@code
 * optimizer.batch.job-store.redis=true}. Kept apart from the auto-configuration so that the configuration
 * class never links against {@code optimizer-redis} when it is not on the classpath.
 */
public final class RedisJobStores {
  private RedisJobStores() {}

  /**
   * A batch module whose job store is Redis, configured from {@code optimizer.batch.job-store.*}.
   *
   * @throws IllegalStateException naming what is missing when {@code optimizer-redis} is absent or no Redis is
   *     configured
   * @throws IllegalArgumentException naming the property when a value is invalid
   */
  public static BatchModule module(BeanFactory beans, OptimizerProperties.BatchJobStore properties) {
    if (!ClassUtils.isPresent("dev.optimizer.redis.RedisConnection", RedisJobStores.class.getClassLoader())) {
      throw new IllegalStateException("optimizer.batch.job-store.redis=true needs dev.optimizer:optimizer-redis "
          + "on the classpath");
    }
    return Linked.module(beans, properties);
  }

  /** Loaded only once optimizer-redis is known to be present. */
  private static final class Linked {
    static BatchModule module(BeanFactory beans, OptimizerProperties.BatchJobStore p) {
      RedisConnection connection = beans.getBeanProvider(RedisConnection.class).getIfAvailable();
      if (connection == null) {
        throw new IllegalStateException("optimizer.batch.job-store.redis=true needs a Redis connection: set "
            + "optimizer.redis.url or spring.data.redis.host");
      }
      RedisJobStoreConfig config;
      try {
        RedisJobStoreConfig.Builder b = RedisJobStoreConfig.custom().namespace(p.getNamespace());
        if (p.getLease() != null) {
          b.lease(p.getLease());
        }
        if (p.getWorkers() != null) {
          b.workers(p.getWorkers());
        }
        if (p.getFinishedTtl() != null) {
          b.finishedTtl(p.getFinishedTtl());
        }
        config = b.build();
      } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
        throw new IllegalArgumentException("optimizer.batch.job-store: " + e.getMessage(), e);
      }
      return new BatchModule(BatchConfig.custom().jobStore(RedisJobStore.create(connection, config)).build());
    }
  }
}
