package dev.optimizer.limit.internal;

import dev.optimizer.core.Ticker;
import dev.optimizer.core.support.Checks;
import dev.optimizer.limit.FailurePolicy;
import dev.optimizer.limit.RateLimitDecision;
import dev.optimizer.limit.RateLimiter;
import dev.optimizer.limit.RateLimiterConfig;
import dev.optimizer.limit.RateLimiterStats;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.RedisScript;
import dev.optimizer.redis.RedisUnavailableException;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GCRA in Redis: one Lua script, run with EVALSHA through the shared connection, reads the server's clock
 * ({@code TIME}), decides and stores the key's theoretical arrival time (microseconds, expiring when it
 * no longer matters) in one round trip. The callers' clocks never enter a decision; this JVM's ticker only
 * times the local denied-until cache, as a duration.
 */
public final class RedisGcraLimiter implements RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RedisGcraLimiter.class);

  /**
   * KEYS[1] the key; ARGV[1] the emission interval and ARGV[2] the tolerance (burst x interval), both in
   * microseconds. Returns {allowed 0|1, remaining, retry-after in microseconds, the server's time in
   * microseconds}. Doubles hold microseconds since the epoch exactly (below 2^53).
   */
  static final RedisScript SCRIPT = RedisScript.of("""
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local interval = tonumber(ARGV[1])
      local tolerance = tonumber(ARGV[2])
      local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
      if tat < now then tat = now end
      local ahead = tat - now
      if ahead > tolerance then
        return {0, 0, ahead - tolerance, now}
      end
      local nextTat = tat + interval
      redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000) + 1)
      local remaining = math.floor((tolerance - (nextTat - now)) / interval) + 1
      if remaining < 0 then remaining = 0 end
      return {1, remaining, 0, now}
      """);

  private final String name;
  private final RateLimiterConfig config;
  private final RedisConnection connection;
  private final Ticker ticker;
  private final byte[] intervalArg;
  private final byte[] toleranceArg;
  private final String keyStart;
  private final ConcurrentHashMap<String, Long> deniedUntil = new ConcurrentHashMap<>();
  private final RateCounters counters;
  private final Duration failClosedRetry;
  private volatile boolean degraded;
  private volatile boolean closed;

  /** The result of one decision with the server's time it was taken at, in microseconds (0 for fallbacks). */
  public record ServerDecision(RateLimitDecision decision, long serverMicros) {}

  public RedisGcraLimiter(String name, RedisConnection connection, RateLimiterConfig config) {
    this.name = Checks.requireNonBlank(name, "name");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.config = Objects.requireNonNull(config, "config");
    this.ticker = config.ticker().orElse(Ticker.system());
    long intervalMicros = Math.max(1, config.rate().intervalNanos() / 1000);
    this.intervalArg = Long.toString(intervalMicros).getBytes(StandardCharsets.US_ASCII);
    this.toleranceArg = Long.toString(Math.multiplyExact(intervalMicros, (long) config.burst()))
        .getBytes(StandardCharsets.US_ASCII);
    // Hash-tagged: the whole key names one slot, so a Cluster sends the script to the key's master.
    this.keyStart = config.keyPrefix() + "{" + name + ":";
    this.counters = new RateCounters(name, true);
    Duration interval = Duration.ofNanos(config.rate().intervalNanos());
    Duration probe = connection.config().probeInterval();
    this.failClosedRetry = interval.compareTo(probe) < 0 ? interval : probe;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RateLimiterConfig config() {
    return config;
  }

  @Override
  public RateLimitDecision tryAcquire(String key) {
    return decide(key).decision();
  }

  /** {@link #tryAcquire} with the server's time of the decision (for logs and the accuracy tests). */
  public ServerDecision decide(String key) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      throw new IllegalStateException("rate limiter '" + name + "' is closed");
    }
    if (config.deniedCache()) {
      Long until = deniedUntil.get(key);
      if (until != null) {
        long left = until - ticker.read();
        if (left > 0) {
          counters.deniedLocally.increment();
          return new ServerDecision(new RateLimitDecision(false, 0, Duration.ofNanos(left), false), 0);
        }
        deniedUntil.remove(key, until);
      }
    }
    byte[] redisKey = (keyStart + key + "}").getBytes(StandardCharsets.UTF_8);
    long start = ticker.read();
    Object reply;
    try {
      reply = connection.execute("rate_limit", c -> c.eval(SCRIPT, List.of(redisKey), List.of(intervalArg, toleranceArg)));
    } catch (RedisUnavailableException e) {
      counters.redisCall(ticker.read() - start);
      return new ServerDecision(fallback(e), 0);
    }
    long end = ticker.read();
    counters.redisCall(end - start);
    if (degraded) {
      degraded = false;
      LOG.info("rate limiter '{}': Redis decides again", name);
    }
    List<?> r = (List<?>) Objects.requireNonNull(reply, "script reply");
    boolean allowed = ((Number) r.get(0)).longValue() == 1;
    long remaining = ((Number) r.get(1)).longValue();
    long retryMicros = ((Number) r.get(2)).longValue();
    long serverMicros = ((Number) r.get(3)).longValue();
    if (allowed) {
      counters.allowed.increment();
      return new ServerDecision(new RateLimitDecision(true, remaining, Duration.ZERO, false), serverMicros);
    }
    counters.denied.increment();
    Duration retry = Duration.ofNanos(retryMicros * 1000);
    if (config.deniedCache()) {
      // Counted from when the call was sent, which is no later than the server's TIME: the cache can only
      // send a call to Redis a little early, never refuse one Redis would admit.
      rememberDenied(key, start + retry.toNanos());
    }
    return new ServerDecision(new RateLimitDecision(false, 0, retry, false), serverMicros);
  }

  private void rememberDenied(String key, long until) {
    if (deniedUntil.size() >= config.deniedCacheMaxKeys()) {
      long now = ticker.read();
      for (Iterator<Map.Entry<String, Long>> it = deniedUntil.entrySet().iterator(); it.hasNext();) {
        if (it.next().getValue() <= now) {
          it.remove();
        }
      }
      if (deniedUntil.size() >= config.deniedCacheMaxKeys()) {
        deniedUntil.clear(); // only a cache: Redis still decides
      }
    }
    deniedUntil.put(key, until);
  }

  private RateLimitDecision fallback(RedisUnavailableException e) {
    if (!degraded) {
      degraded = true;
      LOG.warn("rate limiter '{}': Redis unavailable ({}: {}); deciding by {} until it answers", name, e.reason(),
          e.getMessage(), config.failurePolicy());
    } else {
      LOG.debug("rate limiter '{}': fallback decision ({})", name, e.reason());
    }
    if (config.failurePolicy() == FailurePolicy.FAIL_OPEN) {
      counters.fallbackAllowed.increment();
      return new RateLimitDecision(true, -1, Duration.ZERO, true);
    }
    counters.fallbackDenied.increment();
    return new RateLimitDecision(false, 0, failClosedRetry, true);
  }

  @Override
  public RateLimiterStats stats() {
    return counters.stats();
  }

  @Override
  public MeterBinder metrics() {
    return counters;
  }

  @Override
  public void close() {
    closed = true;
    deniedUntil.clear();
  }

  @Override
  public String toString() {
    return "RedisRateLimiter{" + name + ", " + config.rate() + ", burst=" + config.burst() + ", "
        + connection.server() + "}";
  }
}
