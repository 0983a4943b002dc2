package dev.optimizer.limit.internal;

import dev.optimizer.core.spi.ModuleSettings;
import dev.optimizer.core.spi.Setting;
import dev.optimizer.limit.FailurePolicy;
import dev.optimizer.limit.Rate;
import java.util.List;

/** The limit module's {@code optimizer.limit.*} settings, listed for the core through ServiceLoader. */
public final class LimitSettings implements ModuleSettings {
  public static final Setting<Rate> RATE = Setting.of("limit.*.rate", "the annotation's or builder's",
      "rate of the named rate limiter, e.g. 10/1m", "<permits>/<period>, e.g. 10/1m or 100/1s", Rate::parse);
  public static final Setting<Integer> BURST = Setting.integer("limit.*.burst", 0, 1_000_000,
      "the annotation's or builder's", "calls the named rate limiter admits at once beyond the steady spacing");
  public static final Setting<FailurePolicy> FAILURE_POLICY = Setting.enumeration("limit.failure-policy",
      FailurePolicy.class, "FAIL_OPEN", "what a Redis rate limiter answers when Redis is unavailable");
  public static final Setting<Boolean> REDIS = Setting.bool("limit.redis", "false",
      "whether @RateLimit limiters decide through the shared Redis connection (optimizer.redis.*)");
  public static final Setting<Integer> MAX_CONCURRENCY = Setting.integer("limit.max-concurrency", 1, 1_000_000,
      "1000", "highest limit an adaptive concurrency limiter may reach");
  public static final Setting<Integer> QUEUE_SIZE = Setting.integer("limit.queue-size", 0, 100_000, "0",
      "callers that may wait for a concurrency permit before a fast rejection");
  public static final Setting<Boolean> MONITOR_ONLY = Setting.bool("limit.monitor-only", "false",
      "whether concurrency limiters only measure and count, never reject");

  @Override
  public String module() {
    return "limit";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(RATE, BURST, FAILURE_POLICY, REDIS, MAX_CONCURRENCY, QUEUE_SIZE, MONITOR_ONLY);
  }
}
