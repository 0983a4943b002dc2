package dev.optimizer.limit;

import dev.optimizer.core.Feature;
import dev.optimizer.core.Ticker;
import dev.optimizer.core.spi.AnnotationLookup;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.core.spi.ModuleContext;
import dev.optimizer.core.spi.OptimizerModule;
import dev.optimizer.core.spi.Settings;
import dev.optimizer.core.support.Durations;
import dev.optimizer.limit.internal.ConcurrencyLimitInterceptor;
import dev.optimizer.limit.internal.KeyTemplate;
import dev.optimizer.limit.internal.LimitSettings;
import dev.optimizer.limit.internal.RateLimitInterceptor;
import dev.optimizer.limit.internal.RedisLimiterSource;
import dev.optimizer.redis.RedisConnection;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limit module: found by {@link java.util.ServiceLoader} when {@code optimizer-limit} is on the
 * classpath, it is the registry of named {@link RateLimiter}s and {@link ConcurrencyLimiter}s (meters bound to
 * the optimizer's registry, concurrency limits registered as tunables) and makes {@link RateLimit} and {@link
 * ConcurrencyLimit} work on proxies. Order 50: limits run outside every other module (a refused call
 * costs nothing, not even a cache lookup).
 *
 * <pre>{@code
 * LimitModule limits = optimizer.module(LimitModule.class);
 * RateLimiter perClient = limits.rateLimiter("chat", RateLimiterConfig.custom().rate("10/1m").burst(5).build());
 * }</pre>
 *
 * <p>Rate limiters are local unless the module decides through Redis: give it a connection with {@link
 * #withRedis}, or set {@code optimizer.limit.redis=true} to use the process's shared connection for the
 * bound {@code optimizer.redis.*} settings (both need {@code optimizer-redis} on the classpath).
 *
 * <p>Thread-safe. After {@link #close()} the limiters it made are closed.
 */
public final class LimitModule implements OptimizerModule {
  private static final Logger LOG = LoggerFactory.getLogger(LimitModule.class);

  private final @Nullable Object givenConnection;
  private final Map<String, RateLimiter> rateLimiters = new ConcurrentHashMap<>();
  private final Map<String, ConcurrencyLimiter> concurrencyLimiters = new ConcurrentHashMap<>();
  private volatile Settings settings = Settings.empty();
  private volatile Ticker ticker = Ticker.system();
  private volatile @Nullable ModuleContext context;
  private volatile @Nullable BiFunction<String, RateLimiterConfig, RateLimiter> redis;
  private volatile @Nullable AutoCloseable ownedConnection;

  /** Local rate limiters unless {@code optimizer.limit.redis=true}; used by the ServiceLoader. */
  public LimitModule() {
    this.givenConnection = null;
  }

  private LimitModule(Object connection) {
    this.givenConnection = connection;
  }

  /**
   * A module whose rate limiters decide through {@code connection}; the caller keeps and closes it. Register
   * it with {@code Optimizer.builder().module(..)}.
   */
  public static LimitModule withRedis(RedisConnection connection) {
    return new LimitModule(Objects.requireNonNull(connection, "connection"));
  }

  @Override
  public String name() {
    return "limit";
  }

  /** {@link Feature#LIMIT}: off (as under {@code Profile.TEST}), annotated methods are never refused. */
  @Override
  public Optional<Feature> feature() {
    return Optional.of(Feature.LIMIT);
  }

  @Override
  public int order() {
    return 50;
  }

  @Override
  public void start(ModuleContext context) {
    this.context = context;
    this.settings = context.settings();
    this.ticker = context.ticker();
    if (givenConnection != null) {
      redis = RedisLimiterSource.over(givenConnection);
    } else if (settings.get(LimitSettings.REDIS).orElse(false)) {
      if (!RedisLimiterSource.available(LimitModule.class.getClassLoader())) {
        throw new IllegalStateException("optimizer.limit.redis=true needs dev.optimizer:optimizer-redis on the "
            + "classpath");
      }
      AutoCloseable c = RedisLimiterSource.sharedConnection(settings);
      ownedConnection = c;
      redis = RedisLimiterSource.over(c);
      LOG.info("rate limiters decide through {}", c);
    }
  }

  /**
   * The rate limiter named {@code name}, created with {@code config} on first use (Redis or local, as the
   * module decides; bound {@code optimizer.limit.<name>.*} settings fill what {@code config}'s builder did
   * not set). Later calls return the same limiter whatever config they pass.
   */
  public RateLimiter rateLimiter(String name, RateLimiterConfig config) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(config, "config");
    return rateLimiters.computeIfAbsent(name, n -> {
      RateLimiterConfig c = config.toBuilder().defaultTicker(ticker).settings(settings, n).build();
      BiFunction<String, RateLimiterConfig, RateLimiter> r = redis;
      RateLimiter limiter = r != null ? r.apply(n, c) : RateLimiter.local(n, c);
      ModuleContext ctx = context;
      if (ctx != null) {
        limiter.metrics().bindTo(ctx.meterRegistry());
      }
      return limiter;
    });
  }

  /** The concurrency limiter named {@code name}, created with {@link ConcurrencyLimiterConfig#ofDefaults()}. */
  public ConcurrencyLimiter concurrencyLimiter(String name) {
    return concurrencyLimiter(name, ConcurrencyLimiterConfig.custom().settings(settings).build());
  }

  /**
   * The concurrency limiter named {@code name}, created with {@code config} on first use, its meters bound
   * and its limit registered with the tuning loop. Later calls return the same limiter.
   */
  public ConcurrencyLimiter concurrencyLimiter(String name, ConcurrencyLimiterConfig config) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(config, "config");
    return concurrencyLimiters.computeIfAbsent(name, n -> {
      ConcurrencyLimiter limiter = ConcurrencyLimiter.create(n, withTicker(config));
      ModuleContext ctx = context;
      if (ctx != null) {
        limiter.metrics().bindTo(ctx.meterRegistry());
        ctx.registerTunable(limiter.tunable());
      }
      return limiter;
    });
  }

  private ConcurrencyLimiterConfig withTicker(ConcurrencyLimiterConfig config) {
    if (config.ticker().isPresent()) {
      return config;
    }
    ConcurrencyLimiterConfig.Builder b = ConcurrencyLimiterConfig.custom()
        .initialLimit(config.initialLimit()).limits(config.minLimit(), config.maxLimit())
        .probeLimit(config.probeLimit()).percentile(config.percentile()).tolerance(config.tolerance())
        .window(config.window(), config.minWindowSamples()).probeEvery(config.probeEvery())
        .queue(config.queueSize(), config.queueTimeout()).monitorOnly(config.monitorOnly()).seed(config.seed());
    return b.ticker(ticker).build();
  }

  @Override
  public List<MethodInterceptor> interceptorsFor(Method method, Class<?> targetClass) {
    List<MethodInterceptor> out = new ArrayList<>(2);
    RateLimit rate = AnnotationLookup.find(method, targetClass, RateLimit.class);
    if (rate != null) {
      String name = rate.name().isEmpty() ? method.getDeclaringClass().getSimpleName() + "." + method.getName()
          : rate.name();
      RateLimiterConfig config;
      try {
        RateLimiterConfig.Builder b = RateLimiterConfig.custom();
        b.settings(settings, name);
        if (settings.get(LimitSettings.RATE, name).isEmpty()) {
          b.rate(rate.rate());
        }
        if (settings.get(LimitSettings.BURST, name).isEmpty()) {
          b.burst(rate.burst());
        }
        config = b.build();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(method + ": @RateLimit: " + e.getMessage(), e);
      }
      Duration maxWait = null;
      if (!rate.maxWait().isEmpty()) {
        try {
          maxWait = Durations.parse(rate.maxWait());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(method + ": @RateLimit maxWait: " + e.getMessage(), e);
        }
      }
      out.add(new RateLimitInterceptor(rateLimiter(name, config), KeyTemplate.parse(rate.key(), method), maxWait));
    }
    ConcurrencyLimit concurrency = AnnotationLookup.find(method, targetClass, ConcurrencyLimit.class);
    if (concurrency != null) {
      if (concurrency.name().isBlank()) {
        throw new IllegalArgumentException(method + ": @ConcurrencyLimit name must not be blank");
      }
      out.add(new ConcurrencyLimitInterceptor(concurrencyLimiter(concurrency.name())));
    }
    return out;
  }

  /** Closes every limiter it made, unregisters their tunables, and releases a connection it opened. */
  @Override
  public void close() {
    ModuleContext ctx = context;
    for (ConcurrencyLimiter l : concurrencyLimiters.values()) {
      if (ctx != null) {
        ctx.unregisterTunable(l.tunable());
      }
      l.close();
    }
    concurrencyLimiters.clear();
    rateLimiters.values().forEach(RateLimiter::close);
    rateLimiters.clear();
    AutoCloseable c = ownedConnection;
    ownedConnection = null;
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing the rate limiters' Redis connection failed", e);
      }
    }
  }
}
