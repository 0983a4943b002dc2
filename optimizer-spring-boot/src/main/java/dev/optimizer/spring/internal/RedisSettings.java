package dev.optimizer.spring.internal;

import dev.optimizer.redis.RedisConfig;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The shared Redis connection's configuration, from {@code optimizer.redis.*} or Boot's {@code spring.data.redis.*}. */
public final class RedisSettings {
  private static final String[] KEYS = {"optimizer.redis.url", "spring.data.redis.url", "spring.data.redis.host",
      "spring.data.redis.port", "spring.data.redis.password", "spring.data.redis.username",
      "spring.data.redis.database"};

  private RedisSettings() {}

  /** Whether any key that asks for Redis is set. */
  public static boolean configured(Environment env) {
    for (String k : KEYS) {
      String v = env.getProperty(k);
      if (v != null && !v.isBlank()) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code optimizer.redis.url} wins; else Boot's {@code spring.data.redis.url}; else its host, port,
   * username, password, database and {@code ssl.enabled}. {@code optimizer.redis.pool-size} applies to both.
   *
   * @throws IllegalArgumentException if the URL is malformed
   */
  public static RedisConfig from(Environment env) {
    RedisConfig.Builder b = RedisConfig.custom();
    String url = nonBlank(env.getProperty("optimizer.redis.url"));
    if (url == null) {
      url = nonBlank(env.getProperty("spring.data.redis.url"));
    }
    if (url != null) {
      b.uri(url);
    } else {
      b.standalone(env.getProperty("spring.data.redis.host", "localhost"),
          env.getProperty("spring.data.redis.port", Integer.class, 6379));
      b.user(env.getProperty("spring.data.redis.username"));
      b.password(env.getProperty("spring.data.redis.password"));
      b.database(env.getProperty("spring.data.redis.database", Integer.class, 0));
      if (env.getProperty("spring.data.redis.ssl.enabled", Boolean.class, false)) {
        b.tls(true);
      }
    }
    Integer pool = env.getProperty("optimizer.redis.pool-size", Integer.class);
    if (pool != null) {
      b.poolSize(pool);
    }
    return b.build();
  }

  private static @org.jspecify.annotations.Nullable String nonBlank(@org.jspecify.annotations.Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Matches when {@link #configured} does. */
  public static final class Configured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return configured(context.getEnvironment());
    }
  }
}
