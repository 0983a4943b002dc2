package dev.optimizer.bench.redis;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;
import redis.clients.jedis.RedisClient;

/**
 * 100 keys read from L2 (L1 disabled): {@code TieredCache.getAll}, which sends one MGET, against 100
 * single {@code TieredCache.get} calls (100 round trips).
 *
 * <p>{@code impl=TIERED_GET_ALL} is ours; {@code TIERED_SINGLE_GETS} is the peer (the naive per-item
 * loop); {@code RAW_JEDIS_SINGLE_GETS} (100 raw GETs) and {@code RAW_JEDIS_MGET} (one raw MGET, the
 * floor) frame it. Target (issue 5): {@code time(TIERED_SINGLE_GETS) >= 10 x time(TIERED_GET_ALL)}.
 * Needs a Redis at {@code REDIS_URL} (default {@code redis://127.0.0.1:6379}); without one every run
 * stops in setup with a "Skipping" message.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'RedisBulkGetBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RedisBulkGetBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "redis";
  private static final int KEYS = 100;

  /** How the 100 keys are read. */
  public enum Impl {
    /** Ours: one {@code TieredCache.getAll} (one MGET). */
    TIERED_GET_ALL,
    /** Peer: 100 {@code TieredCache.get} calls. */
    TIERED_SINGLE_GETS,
    /** 100 raw Jedis GETs. */
    RAW_JEDIS_SINGLE_GETS,
    /** One raw Jedis MGET: the floor. */
    RAW_JEDIS_MGET
  }

  /** The implementation measured. */
  @Param
  public Impl impl;

  private TieredCache<String, byte[]> cache;
  private RedisClient jedis;
  private final List<String> keys = new ArrayList<>();
  private byte[][] rawKeys;

  /** Stores 100 values of 100 bytes through the cache. */
  @Setup(Level.Trial)
  public void setUp() {
    RedisBench.requireRedis("RedisBulkGetBench");
    String name = "bench-bulk-" + UUID.randomUUID().toString().substring(0, 8);
    RedisTier tier = RedisTier.create(RedisTierConfig.custom().uri(RedisBench.url()).cacheName(name)
        .invalidationEnabled(false).build());
    cache = TieredCache.<String, byte[]>builder(CacheConfig.custom(name).l1Enabled(false).build())
        .valueCodec(ValueCodec.bytes()).l2(tier).build();
    Random random = new Random(42);
    Map<String, byte[]> entries = new HashMap<>();
    rawKeys = new byte[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      byte[] value = new byte[100];
      random.nextBytes(value);
      String key = "item:" + i;
      keys.add(key);
      entries.put(key, value);
      rawKeys[i] = RedisBench.rawKey(tier, cache, key);
    }
    cache.putAll(entries);
    jedis = RedisClient.builder().fromURI(RedisBench.url()).build();
    if (cache.getAll(keys, missing -> Map.of()).size() != KEYS) {
      throw new IllegalStateException("benchmark values not all found in Redis");
    }
  }

  /** Reads the 100 keys. */
  @Benchmark
  public void read100(Blackhole bh) {
    switch (impl) {
      case TIERED_GET_ALL -> bh.consume(cache.getAll(keys, missing -> Map.of()));
      case TIERED_SINGLE_GETS -> {
        for (String key : keys) {
          bh.consume(cache.getIfPresent(key));
        }
      }
      case RAW_JEDIS_SINGLE_GETS -> {
        for (byte[] key : rawKeys) {
          bh.consume(jedis.get(key));
        }
      }
      case RAW_JEDIS_MGET -> bh.consume(jedis.mget(rawKeys));
    }
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
