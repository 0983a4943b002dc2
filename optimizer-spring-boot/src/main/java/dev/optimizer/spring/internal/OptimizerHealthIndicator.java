package dev.optimizer.spring.internal;

import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.BatchProcessor;
import dev.optimizer.batch.BatchStats;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.Tier;
import dev.optimizer.cache.TierStats;
import dev.optimizer.core.Optimizer;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.RedisConnectionStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.ClassUtils;

/**
 * Health of the optimizer's outside dependencies, as a cache user sees them: each Redis server's circuit
 * (L2), each L3 store, and the batch queue's saturation. A failing tier is skipped by the cache, never
 * thrown at callers, so it makes the optimizer {@code DEGRADED}, not {@code DOWN}; a closed optimizer is
 * {@code DOWN}. Map {@code DEGRADED} with {@code management.endpoint.health.status.*} if it should fail probes.
 */
public final class OptimizerHealthIndicator extends AbstractHealthIndicator {
  /** Reported when a tier is unavailable, a circuit open, or the batch queue 90% full. */
  public static final Status DEGRADED = new Status("DEGRADED", "a cache tier is unavailable or the batch "
      + "queue is nearly full; calls still work");
  /** Queue fill fraction from which the batch queue counts as saturated. */
  static final double SATURATED = 0.9;

  private final Optimizer optimizer;
  private final List<?> redisConnections;

  /** @param redisConnections the application's {@code RedisConnection} beans (may be empty) */
  public OptimizerHealthIndicator(Optimizer optimizer, List<?> redisConnections) {
    super("optimizer health check failed");
    this.optimizer = optimizer;
    this.redisConnections = List.copyOf(redisConnections);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    if (optimizer.isClosed()) {
      builder.down().withDetail("optimizer", "closed");
      return;
    }
    boolean degraded = false;
    builder.withDetail("modules", optimizer.moduleNames());
    if (!redisConnections.isEmpty()) {
      Map<String, Object> redis = new LinkedHashMap<>();
      for (Object o : redisConnections) {
        RedisConnectionStats s = ((RedisConnection) o).stats();
        redis.put(s.server(), Map.of("circuit", s.circuit(), "outages", s.outages(), "subscribed", s.subscribed()));
        degraded |= !"CLOSED".equalsIgnoreCase(s.circuit());
      }
      builder.withDetail("l2", redis);
    }
    if (ClassUtils.isPresent("dev.optimizer.cache.CacheModule", getClass().getClassLoader())) {
      degraded |= cacheTiers(builder);
    }
    if (ClassUtils.isPresent("dev.optimizer.batch.BatchModule", getClass().getClassLoader())) {
      degraded |= batchQueue(builder);
    }
    if (degraded) {
      builder.status(DEGRADED);
    } else {
      builder.up();
    }
  }

  private boolean cacheTiers(Health.Builder builder) {
    CacheModule module = optimizer.findModule(CacheModule.class).orElse(null);
    if (module == null) {
      return false;
    }
    boolean degraded = false;
    Map<String, Object> l3 = new LinkedHashMap<>();
    Map<String, Object> l2 = new LinkedHashMap<>();
    for (String name : module.cacheNames()) {
      var cache = module.find(name).orElse(null);
      if (cache == null) {
        continue;
      }
      TierStats t3 = cache.stats().tier(Tier.L3);
      if (t3 != null) {
        l3.put(name, t3.available() ? "available" : "unavailable");
        degraded |= !t3.available();
      }
      TierStats t2 = cache.stats().tier(Tier.L2);
      if (t2 != null && !t2.available()) {
        l2.put(name, "unavailable");
        degraded = true;
      }
    }
    if (!l3.isEmpty()) {
      builder.withDetail("l3", l3);
    }
    if (!l2.isEmpty()) {
      builder.withDetail("l2Caches", l2);
    }
    return degraded;
  }

  private boolean batchQueue(Health.Builder builder) {
    BatchModule module = optimizer.findModule(BatchModule.class).orElse(null);
    if (module == null) {
      return false;
    }
    BatchProcessor processor = module.processor();
    BatchStats stats = processor.stats();
    int capacity = processor.config().queueCapacity();
    double saturation = capacity == 0 ? 0 : (double) stats.queued() / capacity;
    builder.withDetail("batchQueue", Map.of("queued", stats.queued(), "capacity", capacity,
        "saturation", Math.round(saturation * 1000) / 1000.0, "running", stats.running()));
    return saturation >= SATURATED;
  }
}
