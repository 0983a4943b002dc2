package dev.optimizer.spring.internal;

import dev.optimizer.redis.RedisConfig;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
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
   * username, password, database and {@code ssl.enabled}. {@code optimizer.redis.pool-size} applies to both,
   * as do the timeouts: {@code optimizer.redis.socket-timeout} (else Boot's {@code spring.data.redis.timeout}),
   * {@code optimizer.redis.connect-timeout} (else {@code spring.data.redis.connect-timeout}) and {@code
   * optimizer.redis.borrow-timeout}; unset, the connection's defaults hold.
   *
   * @throws IllegalArgumentException if the URL or a timeout is malformed (naming the key), or a timeout is
   *     out of the connection's range
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
    Duration socket = duration(env, "optimizer.redis.socket-timeout", "spring.data.redis.timeout");
    if (socket != null) {
      b.socketTimeout(socket);
    }
    Duration connect = duration(env, "optimizer.redis.connect-timeout", "spring.data.redis.connect-timeout");
    if (connect != null) {
      b.connectTimeout(connect);
    }
    Duration borrow = duration(env, "optimizer.redis.borrow-timeout", null);
    if (borrow != null) {
      b.borrowTimeout(borrow);
    }
    return b.build();
  }

  /** The first of the two keys that is set, in Boot's duration syntax ({@code 2s}, {@code 500ms}, ISO-8601). */
  private static @org.jspecify.annotations.Nullable Duration duration(Environment env, String key,
      @org.jspecify.annotations.Nullable String bootKey) {
    String raw = nonBlank(env.getProperty(key));
    String from = key;
    if (raw == null && bootKey != null) {
      raw = nonBlank(env.getProperty(bootKey));
      from = bootKey;
    }
    if (raw == null) {
      return null;
    }
    try {
      return DurationStyle.detectAndParse(raw.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(from + " must be a duration such as 2s or 500ms, was '" + raw + "'", e);
    }
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
