package dev.optimizer.bench.redis;

import dev.optimizer.limit.RateLimiter;
import dev.optimizer.limit.RateLimiterConfig;
import dev.optimizer.limit.RedisRateLimiter;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.github.bucket4j.redis.jedis.cas.JedisBasedProxyManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.RedisClient;

/**
 * Rate-limit decisions through Redis per second, one thread, same Redis ({@code REDIS_URL}), one key: ours
 * ({@code RedisRateLimiter}: one {@code EVALSHA} per decision on the shared connection, hot-key cache off so
 * every decision goes to Redis) against Bucket4j's Jedis CAS proxy manager ({@code GET}, then a CAS script).
 * Both allow 100 million per second, so every decision is an admission that writes state. Commands per
 * decision are counted apart, by {@code dev.optimizer.bench.limit.RedisCommandCount}. Target (issue 16): higher throughput.
 *
 * <p>Run alone:
 * <pre>
 * java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'RedisRateLimitBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RedisRateLimitBench {
  /** The suite group: Redis benchmarks run only when Redis answers. */
  public static final String GROUP = "redis";
  /** The rate both limiters allow: far above what one thread decides, so every decision admits. */
  public static final int PER_SECOND = 100_000_000;

  /** Who decides. */
  public enum Impl {
    /** Ours: {@code RedisRateLimiter.tryAcquire(key)}. */
    OPTIMIZER_REDIS,
    /** Peer: Bucket4j {@code JedisBasedProxyManager} bucket {@code tryConsume(1)}. */
    BUCKET4J_JEDIS
  }

  /** The implementation measured. */
  @Param
  public Impl impl;

  private RedisConnection connection;
  private RateLimiter ours;
  private RedisClient jedis;
  private BucketProxy bucket;

  /** Connects both to the same Redis. */
  @Setup(Level.Trial)
  public void setUp() {
    RedisBench.requireRedis("RedisRateLimitBench");
    String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    connection = RedisConnection.create(RedisConfig.custom().uri(RedisBench.url()).build());
    ours = oursOn(connection, name);
    jedis = RedisClient.builder().fromURI(RedisBench.url()).build();
    bucket = bucket4jOn(jedis, name);
  }

  /** Our Redis limiter on {@code connection}, as benchmarked. */
  public static RateLimiter oursOn(RedisConnection connection, String name) {
    return RedisRateLimiter.create(name, connection, RateLimiterConfig.custom().rate(PER_SECOND + "/1s")
        .burst(10_000).deniedCache(false).build());
  }

  /** Bucket4j's Jedis CAS bucket on {@code jedis}, as benchmarked. */
  public static BucketProxy bucket4jOn(redis.clients.jedis.UnifiedJedis jedis, String name) {
    JedisBasedProxyManager<byte[]> manager = Bucket4jJedis.casBasedBuilder(jedis)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
        .build();
    BucketConfiguration config = BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(PER_SECOND)
        .refillGreedy(PER_SECOND, Duration.ofSeconds(1)).build()).build();
    return manager.builder().build(("bucket4j:" + name).getBytes(StandardCharsets.UTF_8), () -> config);
  }

  /** One decision. */
  @Benchmark
  public boolean decide() {
    return switch (impl) {
      case OPTIMIZER_REDIS -> ours.tryAcquire("client").allowed();
      case BUCKET4J_JEDIS -> bucket.tryConsume(1);
    };
  }

  /** Closes the clients. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (ours != null) {
      ours.close();
    }
    if (connection != null) {
      connection.close();
    }
    if (jedis != null) {
      jedis.close();
    }
  }
}
