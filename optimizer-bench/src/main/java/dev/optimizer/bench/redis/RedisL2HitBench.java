package dev.optimizer.bench.redis;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.Random;
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
 * An L2 hit: {@code TieredCache.get} with L1 disabled, so every call is one Redis GET plus the cache's
 * frame check and value decoding, against a raw Jedis {@code GET} of exactly the bytes the cache stored
 * (same Redis, same key, same client type {@code RedisClient}).
 *
 * <p>{@code impl=TIERED_CACHE_L2} is ours; {@code RAW_JEDIS_GET} is the peer; {@code REDIS_TIER_GET}
 * (the tier alone, no decoding) shows where the overhead sits. Target (issue 5): {@code
 * time(TIERED_CACHE_L2) <= 1.15 x time(RAW_JEDIS_GET)}. Needs a Redis at {@code REDIS_URL} (default
 * {@code redis://127.0.0.1:6379}); without one every run stops in setup with a "Skipping" message.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'RedisL2HitBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RedisL2HitBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "redis";

  /** Who reads the value. */
  public enum Impl {
    /** Ours: {@code TieredCache.get} with L1 off, RedisTier as L2. */
    TIERED_CACHE_L2,
    /** The tier alone: {@code RedisTier.get} (no frame check, no decoding). */
    REDIS_TIER_GET,
    /** Peer: raw Jedis {@code RedisClient.get(byte[])} of the same stored bytes. */
    RAW_JEDIS_GET
  }

  /** The implementation measured. */
  @Param
  public Impl impl;

  /** Value size in bytes (random, so incompressible). */
  @Param({"100", "2000"})
  public int valueBytes;

  private TieredCache<String, byte[]> cache;
  private RedisTier tier;
  private RedisClient jedis;
  private byte[] rawKey;
  private String tierKey;
  private static final String KEY = "item:42";

  /** Stores one value through the cache and finds the key it landed under. */
  @Setup(Level.Trial)
  public void setUp() {
    RedisBench.requireRedis("RedisL2HitBench");
    String name = "bench-l2hit-" + UUID.randomUUID().toString().substring(0, 8);
    tier = RedisTier.create(RedisTierConfig.custom().uri(RedisBench.url()).cacheName(name)
        .invalidationEnabled(false).build());
    cache = TieredCache.<String, byte[]>builder(CacheConfig.custom(name).l1Enabled(false).build())
        .valueCodec(ValueCodec.bytes()).l2(tier).build();
    byte[] value = new byte[valueBytes];
    new Random(42).nextBytes(value);
    cache.put(KEY, value);
    tierKey = KEY; // the tier carries the cache name itself (app:cache:<name>:<key>)
    rawKey = RedisBench.rawKey(tier, cache, KEY);
    jedis = RedisClient.builder().fromURI(RedisBench.url()).build();
    if (jedis.get(rawKey) == null || cache.get(KEY, k -> null) == null) {
      throw new IllegalStateException("benchmark value not found in Redis under " + new String(rawKey,
          StandardCharsets.UTF_8));
    }
  }

  /** One read. */
  @Benchmark
  public Object read() {
    return switch (impl) {
      case TIERED_CACHE_L2 -> cache.getIfPresent(KEY);
      case REDIS_TIER_GET -> tier.get(tierKey);
      case RAW_JEDIS_GET -> jedis.get(rawKey);
    };
  }

  /** Removes the benchmark's keys and closes the clients. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (cache != null) {
      cache.invalidateAll();
      cache.close();
    }
    if (jedis != null) {
      jedis.close();
    }
  }
}
