package dev.optimizer.spring.internal;

import dev.optimizer.limit.LimitModule;
import dev.optimizer.redis.RedisConnection;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The limit module over the context's shared {@link RedisConnection}, for {@code optimizer.limit.redis=true}.
 * Kept apart from the auto-configuration so that the configuration class never links against {@code
 * optimizer-redis} when it is not on the classpath.
 */
public final class RedisLimits {
  private RedisLimits() {}

  /**
   * A limit module deciding through the context's connection.
   *
   * @throws IllegalStateException naming what is missing when {@code optimizer-redis} is absent or no Redis is
   *     configured
   */
  public static LimitModule module(BeanFactory beans) {
    if (!ClassUtils.isPresent("dev.optimizer.redis.RedisConnection", RedisLimits.class.getClassLoader())) {
      throw new IllegalStateException("optimizer.limit.redis=true needs dev.optimizer:optimizer-redis on the "
          + "classpath");
    }
    return Linked.module(beans);
  }

  /** Loaded only once optimizer-redis is known to be present. */
  private static final class Linked {
    static LimitModule module(BeanFactory beans) {
      RedisConnection connection = beans.getBeanProvider(RedisConnection.class).getIfAvailable();
      if (connection == null) {
        throw new IllegalStateException("optimizer.limit.redis=true needs a Redis connection: set "
            + "optimizer.redis.url or spring.data.redis.host");
      }
      return LimitModule.withRedis(connection);
    }
  }
}
