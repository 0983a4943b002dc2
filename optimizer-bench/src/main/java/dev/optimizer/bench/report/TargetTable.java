package dev.optimizer.bench.report;

import dev.optimizer.bench.batch.CoalescingBench;
import java.util.List;

/**
 * The targets the module issues set, as data: one entry per comparison, naming the benchmark class, our
 * {@code @Param} value, the peer's, and the target. The suite runs what these rows need in quick mode
 * and the report fills one line per row (and per variant, when a row leaves a parameter free).
 *
 * <p>A row whose class is not in the jar yet reads "not run: module not landed"; keep rows for modules
 * still in progress so the table shows what is outstanding.
 */
public final class TargetTable {
  private static final String BENCH = "dev.optimizer.bench.";

  private TargetTable() {}

  /** Every target, in report order (module order, then the order). */
  public static List<Target> all() {
    return List.of(
        // #2 core: the interception engine's own cost.
        Target.in("core", BENCH + "core.ProxyBench").param("impl").compare("PROXY", "DIRECT")
            .title("call through proxy() with a no-op interceptor vs direct call", "#2")
            .addedNanosAtMost(15),
        Target.in("core", BENCH + "core.ProxyBench").param("impl").compare("ENHANCE", "DIRECT")
            .title("call through enhance() with a no-op interceptor vs direct call", "#2")
            .addedNanosAtMost(15),

        // #3 compress: framing and checksums cost under 5%; parallel blocks scale on 2 cores.
        Target.in("compress", BENCH + "compress.EngineVsRawBench").compare("ENGINE", "RAW")
            .title("engine vs the raw library call, same algorithm and level", "#3")
            .speedAtLeast(0.95),
        Target.in("compress", BENCH + "compress.SelectionQualityReport").compare("CHOSEN", "BEST")
            .title("automatic selection: chosen algorithm's score vs the best candidate's", "#3")
            .scoreAtLeast(0.95),
        Target.in("compress", BENCH + "compress.ParallelBlocksBench").compare("PARALLEL", "SINGLE_THREAD")
            .title("parallel blocks vs one thread, 64 MiB", "#3")
            .speedAtLeast(1.7),

        // #4 cache: L1 and L3 hits against the raw libraries and Spring's @Cacheable.
        Target.in("cache", BENCH + "cache.CacheL1HitBench").compare("TIERED_CACHE", "RAW_CAFFEINE")
            .title("L1 hit: TieredCache.get vs Caffeine getIfPresent", "#4")
            .speedAtLeast(0.8),
        Target.in("cache", BENCH + "cache.CacheAnnotatedHitBench").compare("OPTIMIZER_PROXY", "RAW_CAFFEINE")
            .title("L1 hit: @CacheResult proxy vs Caffeine getIfPresent", "#4")
            .speedAtLeast(0.5),
        Target.in("cache", BENCH + "cache.CacheAnnotatedHitBench").compare("OPTIMIZER_PROXY", "SPRING_CACHEABLE")
            .title("L1 hit: @CacheResult proxy vs Spring @Cacheable on CaffeineCacheManager", "#4")
            .speedAtLeast(3),
        Target.in("cache", BENCH + "cache.AsyncCacheHitBench").compare("OPTIMIZER_PROXY", "CAFFEINE_ASYNC")
            .title("L1 hit, CompletableFuture method: @CacheResult proxy vs Caffeine AsyncCache.get", "#17")
            .speedAtLeast(0.5),
        Target.in("cache", BENCH + "cache.AsyncCacheHitBench").compare("OPTIMIZER_PROXY", "SPRING_CACHEABLE")
            .title("L1 hit, CompletableFuture method: @CacheResult proxy vs Spring async @Cacheable", "#17")
            .speedAtLeast(3),
        Target.in("cache", BENCH + "cache.RefreshAheadHitBench").compare("TIERED_CACHE", "CAFFEINE_LOADING")
            .title("L1 hit under refresh-ahead: TieredCache.get with refreshAfter vs Caffeine refreshAfterWrite", "#17")
            .speedAtLeast(0.8),
        Target.in("cache", BENCH + "cache.CacheL3HitBench").compare("TIERED_CACHE_L3", "RAW_MAPDB_LZ4")
            .title("L3 hit vs raw MapDB get plus raw decompression", "#4")
            .timeAtMost(1.3),
        Target.in("cache", BENCH + "cache.CacheL3SyncBench").compare("INTERVAL_100MS", "EACH_WRITE")
            .title("L3 write: commit every 100 ms vs commit each write (what durability costs)", "#4")
            .info(),

        // #5 redis: L2 against raw Jedis, bulk against singles.
        Target.in("redis", BENCH + "redis.RedisL2HitBench").compare("TIERED_CACHE_L2", "RAW_JEDIS_GET")
            .title("L2 hit (L1 off) vs raw Jedis GET of the same bytes", "#5")
            .timeAtMost(1.15),
        Target.in("redis", BENCH + "redis.RedisBulkGetBench").compare("TIERED_GET_ALL", "TIERED_SINGLE_GETS")
            .title("getAll of 100 keys vs 100 single gets", "#5")
            .speedAtLeast(10),
        Target.in("redis", BENCH + "redis.RedisBulkGetBench").compare("TIERED_GET_ALL", "RAW_JEDIS_MGET")
            .title("getAll of 100 keys vs one raw Jedis MGET", "#5")
            .info(),
        // #11: the shared connection's guards must not cost throughput once callers queue for connections.
        Target.in("redis", BENCH + "redis.RedisConcurrentL2HitBench").compare("TIERED_CACHE_L2", "RAW_JEDIS_POOL")
            .title("L2 hit (L1 off), 64 callers, 16 connections: TieredCache vs a raw Jedis pool of 16", "#11")
            .speedAtLeast(0.9),

        // #6 batch: coalescing, the adaptive strategy, per-item overhead.
        // Issue 12: keys per second of wall clock, each refused above what the backend can serve.
        Target.in("batch", BENCH + "batch.CoalescingBench").compare("COALESCER", "PER_ITEM")
            .bound("COALESCER", CoalescingBench.keysPerSecondBound(CoalescingBench.Impl.COALESCER))
            .bound("PER_ITEM", CoalescingBench.keysPerSecondBound(CoalescingBench.Impl.PER_ITEM))
            .title("100 callers, 1 ms + 5 µs/item backend: coalesced vs one call per item", "#6")
            .speedAtLeast(20),
        Target.in("batch", BENCH + "batch.CoalescingBench").compare("COALESCER", "DATALOADER")
            .bound("COALESCER", CoalescingBench.keysPerSecondBound(CoalescingBench.Impl.COALESCER))
            .bound("DATALOADER", CoalescingBench.keysPerSecondBound(CoalescingBench.Impl.DATALOADER))
            .title("coalesced vs graphql-java DataLoader on the same backend", "#6")
            .info(),
        Target.in("batch", BENCH + "batch.AdaptiveSimulation").compare("ADAPTIVE", "STATIC_*")
            .title("ADAPTIVE vs the best static batch size (simulated backends)", "#6")
            .speedAtLeast(0.9),
        Target.in("batch", BENCH + "batch.AdaptiveBatchBench").compare("ADAPTIVE", "STATIC_*")
            .title("ADAPTIVE vs the best static batch size (real processor)", "#6")
            .speedAtLeast(0.9),
        // #15: the Redis job store against the bare Streams loop (the limit) and Redisson's executor.
        Target.in("batch", BENCH + "batch.JobStoreBench").compare("STORE", "BARE_STREAMS")
            .title("Redis job store: 1,000-item jobs in batches of 100, 3 consumers, vs bare XADD/XREADGROUP/XACK", "#15")
            .speedAtLeast(0.5),
        Target.in("batch", BENCH + "batch.JobStoreBench").compare("STORE", "REDISSON")
            .title("Redis job store vs Redisson RExecutorService running the same batches", "#15")
            .speedAtLeast(1.0),
        Target.in("batch", BENCH + "batch.ProcessorOverheadBench").alone("SEQUENTIAL")
            .title("processor overhead per trivial item, SEQUENTIAL", "#6")
            .nanosAtMost(1000),
        Target.in("batch", BENCH + "batch.ProcessorOverheadBench").alone("PARALLEL")
            .title("processor overhead per trivial item, PARALLEL", "#6")
            .nanosAtMost(1000),
        Target.in("batch", BENCH + "batch.ProcessorOverheadBench").alone("ADAPTIVE")
            .title("processor overhead per trivial item, ADAPTIVE", "#6")
            .nanosAtMost(1000),

        // #7 lazy: a loaded Lazy is a read.
        Target.in("lazy", BENCH + "lazy.LazyGetBench").compare("LAZY", "VOLATILE_FIELD")
            .title("Lazy.get() after load vs a volatile field read", "#7")
            .timeAtMost(1.5),
        Target.in("lazy", BENCH + "lazy.LazyGetBench").compare("LAZY", "GUAVA_MEMOIZE")
            .title("Lazy.get() after load vs Guava Suppliers.memoize", "#7")
            .speedAtLeast(1.0),
        Target.in("lazy", BENCH + "lazy.LazyGetBench").compare("LAZY", "COMMONS_LAZY_INITIALIZER")
            .title("Lazy.get() after load vs commons-lang3 LazyInitializer", "#7")
            .speedAtLeast(1.0),
        Target.in("lazy", BENCH + "lazy.LazyGetBench").compare("LAZY_TTL", "VOLATILE_FIELD")
            .title("Lazy.get() with a TTL after load vs a volatile field read", "#7")
            .info(),
        Target.in("lazy", BENCH + "lazy.LazyColdGetBench").compare("LAZY", "DIRECT")
            .title("cold first get(): make a Lazy and load it vs allocate the holder", "#7")
            .info(),
        Target.in("lazy", BENCH + "lazy.LazyColdGetBench").compare("LAZY", "GUAVA_MEMOIZE")
            .title("cold first get() vs Guava Suppliers.memoize", "#7")
            .info(),

        // #16 limit: local decisions at least as fast as the faster peer; Redis decisions faster than Bucket4j's.
        Target.in("limit", BENCH + "limit.LocalRateLimitBench").method("oneThread").param("impl")
            .compare("OPTIMIZER", "BUCKET4J|RESILIENCE4J")
            .title("local rate-limit decision, 1 thread, vs the faster of Bucket4j and Resilience4j", "#16")
            .speedAtLeast(1.0),
        Target.in("limit", BENCH + "limit.LocalRateLimitBench").method("twoThreads").param("impl")
            .compare("OPTIMIZER", "BUCKET4J|RESILIENCE4J")
            .title("local rate-limit decision, 2 threads, vs the faster of Bucket4j and Resilience4j", "#16")
            .speedAtLeast(1.0),
        Target.in("redis", BENCH + "redis.RedisRateLimitBench").compare("OPTIMIZER_REDIS", "BUCKET4J_JEDIS")
            .title("Redis rate-limit decision (one EVALSHA) vs Bucket4j's Jedis proxy manager (GET + EVAL)", "#16")
            .speedAtLeast(1.0),

        // #13 dashboard: serving the live page must not slow the hot path.
        Target.in("dashboard", BENCH + "dashboard.DashboardStreamBench").compare("ONE_STREAM_CLIENT", "NONE")
            .title("L1 hit with one dashboard stream client vs no dashboard", "#13")
            .speedAtLeast(0.97));
  }
}
