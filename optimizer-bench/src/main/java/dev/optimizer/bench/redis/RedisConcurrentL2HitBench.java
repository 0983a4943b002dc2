package dev.optimizer.bench.redis;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import dev.optimizer.cache.spi.TierUnavailableException;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * An L2 hit under contention (issue 11): 64 threads read through one {@code TieredCache} with L1 off
 * (one Redis GET per call, through the shared {@link RedisConnection}: pool, circuit breaker, call budget,
 * counters) against the same 64 threads on a raw Jedis {@code RedisClient} whose pool has the same number
 * of connections. Both read the same keys from the same Redis and get the same stored bytes back (ours
 * then checks the cache's frame and decodes them); so the ratio is what the connection's guards and the
 * cache cost once callers queue for connections.
 *
 * <p>{@code impl=TIERED_CACHE_L2} is ours ({@code TieredCache.getIfPresent}: one GET per call; {@code get}
 * with a loader would let concurrent callers of one key share a read, which a raw pool cannot do);
 * {@code RAW_JEDIS_POOL} is the peer; {@code REDIS_TIER_GET} (the tier alone, no cache) shows where any
 * gap sits. Target (issue 11): throughput of {@code TIERED_CACHE_L2} at least 0.9 x {@code RAW_JEDIS_POOL}.
 *
 * <p><b>Misses.</b> With 64 callers on 16 connections, a caller can wait for a connection longer than our
 * borrow timeout ({@code RedisConfig.borrowTimeout}, 250 ms by default; the raw pool waits forever): our
 * connection then reports the pool busy and the cache answers with a miss. Such a miss took the whole
 * borrow timeout, so it lowers our score rather than flatters it; it is counted (the {@code misses}
 * secondary result, and a line printed at the end of each run with both pools' borrow waits). Any other
 * miss (a missing value, an open circuit: fast answers that would flatter us) fails the run, and so does
 * any miss of the peer. Needs a Redis at {@code REDIS_URL} (default {@code redis://127.0.0.1:6379});
 * without one every run stops in setup with a "Skipping" message.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'RedisConcurrentL2HitBench' -f 1 -wi 2 -w 1s -i 3 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(RedisConcurrentL2HitBench.CALLERS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class RedisConcurrentL2HitBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "redis";
  /** Concurrent callers, as issue 11 asks. */
  static final int CALLERS = 64;
  /**
   * Keys read in turn: many more than callers, so two callers rarely ask for one key at once, and few
   * enough to stay in Redis's memory and CPU caches alike for both sides.
   */
  private static final int KEYS = 1024;

  /** Who reads the value. */
  public enum Impl {
    /** Ours: {@code TieredCache.getIfPresent} with L1 off, a RedisTier on its own RedisConnection as L2. */
    TIERED_CACHE_L2,
    /** The tier alone: {@code RedisTier.get} (the connection's guards, no frame check, no decoding). */
    REDIS_TIER_GET,
    /** Peer: raw Jedis {@code RedisClient.get(byte[])} of the same stored bytes on a pool of equal size. */
    RAW_JEDIS_POOL
  }

  /** The implementation measured. */
  @Param
  public Impl impl;

  /** Pooled connections of both ours ({@code RedisConfig.poolSize}) and the peer ({@code maxTotal}). */
  @Param({"16"})
  public int connections;

  /** Value size in bytes (random, so incompressible). */
  @Param({"100"})
  public int valueBytes;

  private RedisConnection connection;
  private RedisTier tier;
  private TieredCache<String, byte[]> cache;
  private RedisClient jedis;
  private final String[] keys = new String[KEYS];
  private final String[] tierKeys = new String[KEYS];
  private final byte[][] rawKeys = new byte[KEYS][];
  /** Misses of every caller, for the check at the end of the run (rare, so the adder stays uncontended). */
  private final LongAdder misses = new LongAdder();

  /** Where one caller is in the key sequence (callers start spread over it), and its misses. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cursor {
    private int next;
    /** Calls of this caller that found nothing (reported by JMH as {@code read:misses}). */
    public long misses;

    /** Starts each thread at its own offset so the callers do not walk the keys in lockstep. */
    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      next = (int) ((long) thread.getThreadIndex() * KEYS / Math.max(1, thread.getThreadCount()));
    }

    int nextIndex() {
      int i = next;
      next = i + 1 == KEYS ? 0 : i + 1;
      return i;
    }
  }

  private static String borrowWaits(UnifiedJedis client) {
    if (!(client instanceof RedisClient pooled)) {
      return "(not pooled)";
    }
    var pool = pooled.getPool();
    return "borrowed=" + pool.getBorrowedCount() + " created=" + pool.getCreatedCount() + " meanBorrowWait="
        + pool.getMeanBorrowWaitDuration().toNanos() / 1000 + "us maxBorrowWait="
        + pool.getMaxBorrowWaitDuration().toMillis() + "ms";
  }

  /** Stores the values through the cache, finds the keys they landed under, opens both pools. */
  @Setup(Level.Trial)
  public void setUp() {
    RedisBench.requireRedis("RedisConcurrentL2HitBench");
    String name = "bench-l2conc-" + UUID.randomUUID().toString().substring(0, 8);
    // A connection of its own (not the process's shared one) so the pool size is exactly the one compared.
    connection = RedisConnection.create(RedisConfig.custom().uri(RedisBench.url()).poolSize(connections).build());
    tier = RedisTier.create(connection, RedisTierConfig.custom().connection(connection.config()).cacheName(name)
        .invalidationEnabled(false).build());
    cache = TieredCache.<String, byte[]>builder(CacheConfig.custom(name).l1Enabled(false).build())
        .valueCodec(ValueCodec.bytes()).l2(tier).build();
    Random random = new Random(42);
    for (int i = 0; i < KEYS; i++) {
      byte[] value = new byte[valueBytes];
      random.nextBytes(value);
      keys[i] = "item:" + i;
      cache.put(keys[i], value);
      tierKeys[i] = keys[i]; // the tier carries the cache name itself (app:cache:<name>:<key>)
      rawKeys[i] = RedisBench.rawKey(tier, cache, keys[i]);
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(connections);
    // maxIdle defaults to 8: below the pool size, the peer would close and reopen connections on every
    // burst, which measures TCP setup rather than the pool. Ours keeps maxIdle = poolSize too.
    pool.setMaxIdle(connections);
    jedis = RedisClient.builder().fromURI(RedisBench.url()).poolConfig(pool).build();
    for (int i = 0; i < KEYS; i++) {
      if (jedis.get(rawKeys[i]) == null || cache.getIfPresent(keys[i]) == null) {
        throw new IllegalStateException("benchmark value " + keys[i] + " not found in Redis");
      }
    }
  }

  /** One read of the caller's next key; a miss is counted and checked at the end of the run. */
  @Benchmark
  public Object read(Cursor cursor) {
    int i = cursor.nextIndex();
    Object value = switch (impl) {
      case TIERED_CACHE_L2 -> cache.getIfPresent(keys[i]);
      case REDIS_TIER_GET -> tierGet(tierKeys[i]);
      case RAW_JEDIS_POOL -> jedis.get(rawKeys[i]);
    };
    if (value == null) {
      cursor.misses++;
      misses.increment();
    }
    return value;
  }

  /** The tier alone throws where the cache would answer a miss; counted as the cache counts it. */
  private byte @Nullable [] tierGet(String key) {
    try {
      return tier.get(key);
    } catch (TierUnavailableException e) {
      return null;
    }
  }

  /**
   * Prints, per run, the misses counted, our connection's counters (busy = a borrow that timed out) and
   * both pools' borrow waits, which show whether callers queued alike on both sides.
   */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (connection != null && jedis != null) {
      UnifiedJedis ours = connection.execute("bench-stats", c -> c.client());
      System.out.println("RedisConcurrentL2HitBench " + impl + ": misses=" + misses.sum() + "; ours "
          + connection.stats() + ", pool " + borrowWaits(ours) + "; peer pool " + borrowWaits(jedis));
    }
    // Only misses that waited out the borrow timeout are allowed: anything else answered fast.
    long slowMisses = impl == Impl.RAW_JEDIS_POOL || connection == null ? 0 : connection.stats().busy();
    long missed = misses.sum();
    closeAll();
    if (missed > slowMisses) {
      throw new IllegalStateException(impl + ": " + missed + " misses, only " + slowMisses
          + " of them waited out the borrow timeout: the figure is not one of L2 hits");
    }
  }

  private void closeAll() {
    if (cache != null) {
      cache.invalidateAll();
      cache.close();
    }
    if (connection != null) {
      connection.close();
    }
    if (jedis != null) {
      jedis.close();
    }
  }
}
