package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.cache.spi.InvalidationMessage;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.core.testing.FakeTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TieredCacheTest {
  @TempDir
  Path dir;

  private final FakeTicker ticker = new FakeTicker();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  private MapDbTier l3(String file) {
    return MapDbTier.open(MapDbConfig.custom(dir.resolve(file)).ticker(ticker).build());
  }

  private TieredCache<String, String> l1Only(CacheConfig config) {
    return closing(TieredCache.<String, String>builder(config).ticker(ticker).build());
  }

  private TieredCache<String, String> l1l3(CacheConfig config, MapDbTier l3) {
    return closing(TieredCache.<String, String>builder(config).ticker(ticker).valueCodec(ValueCodec.string())
        .l3(l3).build());
  }

  @Test
  void get_loaderAsksForItsOwnKey_failsFastInsteadOfWaitingForever() {
    TieredCache<String, String> cache = l1Only(CacheConfig.ofDefaults("recursive"));
    assertThatThrownBy(() -> cache.get("k", k -> cache.get(k, k2 -> "inner")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("recursive load")
        .hasMessageContaining("'k'");
    // The failed load left nothing behind: the key loads normally afterwards.
    assertThat(cache.get("k", k -> "v")).isEqualTo("v");
    // A loader may still ask for other keys.
    assertThat(cache.get("a", k -> cache.get("b", k2 -> "b") + "+a")).isEqualTo("b+a");
  }

  @Test
  void getAll_bulkLoaderAsksForOneOfItsKeys_failsFastAndReleasesEveryKey() {
    TieredCache<String, String> cache = l1Only(CacheConfig.ofDefaults("recursiveBulk"));
    assertThatThrownBy(() -> cache.getAll(List.of("x", "y"), keys -> {
      cache.getAll(List.of("y"), inner -> Map.of("y", "inner"));
      return Map.of();
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("recursive load");
    assertThat(cache.getAll(List.of("x", "y"), keys -> Map.of("x", "1", "y", "2")))
        .containsEntry("x", "1").containsEntry("y", "2");
  }

  @Test
  void get_absentKey_loadsOnceThenServesFromL1() {
    TieredCache<String, String> cache = l1Only(CacheConfig.ofDefaults("users"));
    AtomicInteger loads = new AtomicInteger();
    assertThat(cache.get("a", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    assertThat(cache.get("a", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    assertThat(loads).hasValue(1);
    TierStats l1 = cache.stats().tier(Tier.L1);
    assertThat(l1.hits()).isEqualTo(1);
    assertThat(l1.misses()).isEqualTo(1);
    assertThat(cache.stats().loads()).isEqualTo(1);
  }

  @Test
  void get_absentKeyUnderContention_loadsOnce() throws Exception {
    TieredCache<String, String> cache = l1l3(CacheConfig.ofDefaults("hot"), l3("hot.db"));
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      List<Future<String>> results = new ArrayList<>();
      CountDownLatch started = new CountDownLatch(64);
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> {
          started.countDown();
          return cache.get("key", k -> {
            loads.incrementAndGet();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return "loaded";
          });
        }));
      }
      started.await(10, TimeUnit.SECONDS);
      release.countDown();
      for (Future<String> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("loaded");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void get_distinctKeysUnderContention_loadConcurrently() throws Exception {
    TieredCache<String, String> cache = l1Only(CacheConfig.ofDefaults("wide"));
    // Every loader waits for all 64: if loads of different keys were serialized, the barrier would break.
    CyclicBarrier allLoading = new CyclicBarrier(64);
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String key = "k" + i;
        results.add(pool.submit(() -> cache.get(key, k -> {
          try {
            allLoading.await(20, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException("loads did not run concurrently", e);
          }
          return k.toUpperCase();
        })));
      }
      for (int i = 0; i < 64; i++) {
        assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("K" + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void get_loaderThrows_callerGetsItAndNothingIsCached() {
    TieredCache<String, String> cache = l1Only(CacheConfig.ofDefaults("failing"));
    assertThatThrownBy(() -> cache.get("a", k -> {
      throw new IllegalStateException("db down");
    })).isInstanceOf(IllegalStateException.class).hasMessage("db down");
    assertThat(cache.get("a", k -> "ok")).isEqualTo("ok");
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
  }

  @Test
  void get_afterL1WriteTtl_reloads() {
    TieredCache<String, String> cache = l1Only(CacheConfig.custom("ttl")
        .l1ExpireAfterWrite(Duration.ofMinutes(5)).build());
    AtomicInteger loads = new AtomicInteger();
    cache.get("a", k -> "v" + loads.incrementAndGet());
    ticker.advance(Duration.ofMinutes(4));
    assertThat(cache.get("a", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    ticker.advance(Duration.ofMinutes(1));
    assertThat(cache.get("a", k -> "v" + loads.incrementAndGet())).isEqualTo("v2");
  }

  @Test
  void get_afterL1AccessTtl_onlyIdleEntriesExpire() {
    TieredCache<String, String> cache = l1Only(CacheConfig.custom("idle").l1ExpireAfterWrite(Duration.ZERO)
        .l1ExpireAfterAccess(Duration.ofMinutes(1)).build());
    AtomicInteger loads = new AtomicInteger();
    cache.get("a", k -> "v" + loads.incrementAndGet());
    for (int i = 0; i < 5; i++) {
      ticker.advance(Duration.ofSeconds(50));
      assertThat(cache.get("a", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    }
    ticker.advance(Duration.ofSeconds(61));
    assertThat(cache.get("a", k -> "v" + loads.incrementAndGet())).isEqualTo("v2");
  }

  @Test
  void get_nullResultWithNullCaching_cachedForNullTtlOnly() {
    TieredCache<String, String> cache = l1l3(CacheConfig.custom("nulls").cacheNulls(true)
        .nullTtl(Duration.ofSeconds(30)).build(), l3("nulls.db"));
    AtomicInteger loads = new AtomicInteger();
    assertThat(cache.get("missing", k -> {
      loads.incrementAndGet();
      return null;
    })).isNull();
    assertThat(cache.get("missing", k -> "late")).isNull();
    assertThat(loads).hasValue(1);
    ticker.advance(Duration.ofSeconds(31));
    assertThat(cache.get("missing", k -> "late")).isEqualTo("late");
  }

  @Test
  void get_nullResultWithoutNullCaching_notCached() {
    TieredCache<String, String> cache = l1Only(CacheConfig.ofDefaults("nonulls"));
    assertThat(cache.get("missing", k -> null)).isNull();
    assertThat(cache.get("missing", k -> "now")).isEqualTo("now");
    assertThatThrownBy(() -> cache.put("x", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cacheNulls");
  }

  @Test
  void get_hitInL3_promotedToL2AndL1() {
    MapDbTier l2 = l3("as-l2.db");
    MapDbTier l3 = l3("l3.db");
    TieredCache<String, String> cache = closing(TieredCache.<String, String>builder("promo").ticker(ticker)
        .valueCodec(ValueCodec.string()).l2(l2).l3(l3).build());
    // Seed L3 only, through an L3-only cache sharing the store.
    TieredCache<String, String> seeder = TieredCache.<String, String>builder(
        CacheConfig.custom("promo").l1Enabled(false).build()).valueCodec(ValueCodec.string())
        .l3(new NonClosingTier(l3)).build();
    seeder.put("a", "alpha");
    seeder.close();
    assertThat(l2.get("promo:a")).isNull();

    assertThat(cache.get("a", k -> "loaded")).isEqualTo("alpha");
    assertThat(l2.get("promo:a")).as("promoted to L2").isNotNull();
    assertThat(cache.stats().tier(Tier.L3).hits()).isEqualTo(1);
    assertThat(cache.get("a", k -> "loaded")).isEqualTo("alpha");
    assertThat(cache.stats().tier(Tier.L1).hits()).isEqualTo(1);
    assertThat(cache.stats().loads()).isZero();
  }

  @Test
  void getAll_partialHitsAcrossTiers_loadsOnlyTheRestInOneCall() {
    MapDbTier l3 = l3("bulk.db");
    TieredCache<String, String> cache = l1l3(CacheConfig.ofDefaults("bulk"), l3);
    cache.put("a", "A");
    cache.put("b", "B");
    // b only in L3 now
    TieredCache<String, String> l1Dropper = cache;
    ((dev.optimizer.cache.internal.DefaultTieredCache<String, String>) l1Dropper).l1().invalidate("b");
    List<Set<String>> bulkCalls = new CopyOnWriteArrayList<>();
    Map<String, String> got = cache.getAll(List.of("a", "b", "c", "d", "e"), keys -> {
      bulkCalls.add(Set.copyOf(keys));
      Map<String, String> m = new HashMap<>();
      for (String k : keys) {
        if (!k.equals("e")) {
          m.put(k, k.toUpperCase());
        }
      }
      return m;
    });
    assertThat(got).containsExactlyInAnyOrderEntriesOf(Map.of("a", "A", "b", "B", "c", "C", "d", "D"));
    assertThat(bulkCalls).containsExactly(Set.of("c", "d", "e"));
    assertThat(cache.stats().tier(Tier.L3).hits()).isEqualTo(1);
    assertThat(cache.getAll(List.of("c", "d"), keys -> Map.of())).containsOnlyKeys("c", "d");
  }

  @Test
  void invalidateAll_glob_removesMatchingKeysFromEveryTier() {
    MapDbTier l3 = l3("glob.db");
    TieredCache<String, String> cache = l1l3(CacheConfig.ofDefaults("g"), l3);
    cache.put("users:1", "u1");
    cache.put("users:2", "u2");
    cache.put("orders:1", "o1");
    cache.invalidateAll("users:*");
    assertThat(cache.getIfPresent("users:1")).isNull();
    assertThat(cache.getIfPresent("users:2")).isNull();
    assertThat(l3.get("g:users:1")).isNull();
    assertThat(cache.getIfPresent("orders:1")).isEqualTo("o1");
    cache.invalidate("orders:1");
    assertThat(l3.get("g:orders:1")).isNull();
    cache.put("x", "y");
    cache.invalidateAll();
    assertThat(cache.getIfPresent("x")).isNull();
  }

  @Test
  void put_thenReopenStore_valueSurvivesThroughNewCache() {
    Path file = dir.resolve("restart.db");
    try (TieredCache<String, String> cache = TieredCache.<String, String>builder("restart")
        .valueCodec(ValueCodec.string()).l3(MapDbConfig.ofDefaults(file)).build()) {
      cache.put("k", "persisted");
    }
    try (TieredCache<String, String> cache = TieredCache.<String, String>builder("restart")
        .valueCodec(ValueCodec.string()).l3(MapDbConfig.ofDefaults(file)).build()) {
      assertThat(cache.get("k", k -> "reloaded")).isEqualTo("persisted");
    }
  }

  @Test
  void get_l3TtlPassed_reloads() {
    MapDbTier l3 = l3("l3ttl.db");
    TieredCache<String, String> cache = closing(TieredCache.<String, String>builder(CacheConfig.custom("t3")
        .l1Enabled(false).l3Ttl(Duration.ofMinutes(10)).build()).valueCodec(ValueCodec.string()).l3(l3)
        .build());
    cache.put("k", "v1");
    ticker.advance(Duration.ofMinutes(9));
    assertThat(cache.get("k", k -> "v2")).isEqualTo("v1");
    ticker.advance(Duration.ofMinutes(1));
    assertThat(cache.get("k", k -> "v2")).isEqualTo("v2");
  }

  @Test
  void get_foreignBytesInL3_missCountedAndLoaded() {
    MapDbTier l3 = l3("foreign.db");
    TieredCache<String, String> cache = l1l3(CacheConfig.ofDefaults("f"), l3);
    l3.put("f:k", "not a frame at all".getBytes(StandardCharsets.UTF_8), Duration.ZERO);
    assertThat(cache.get("k", k -> "loaded")).isEqualTo("loaded");
    assertThat(cache.stats().tier(Tier.L3).decodeFailures()).isEqualTo(1);
  }

  @Test
  void get_serializedClassOutsideAllowList_neverInstantiatedAndLoaded() {
    MapDbTier l3 = l3("poison.db");
    CompressionEngine engine = closing(CompressionEngine.create());
    // An attacker (or another app) writes a serialized Poison in our frame format under our key.
    byte[] serialized = ValueCodec.<Poison>javaSerialization(Poison.class).encode(new Poison("boom"));
    l3.put("p:k", engine.compress(serialized), Duration.ZERO);
    TieredCache<String, Object> cache = closing(TieredCache.<String, Object>builder("p")
        .valueCodec(ValueCodec.javaSerialization(List.of("java.lang.String"))).compression(engine).l3(l3)
        .build());
    int before = Poison.READS.get();
    assertThat(cache.get("k", k -> "safe")).isEqualTo("safe");
    assertThat(Poison.READS.get()).isEqualTo(before);
    assertThat(cache.stats().tier(Tier.L3).decodeFailures()).isEqualTo(1);
  }

  @Test
  void get_allowedSerializableClass_roundTripsThroughL3() {
    MapDbTier l3 = l3("allowed.db");
    TieredCache<String, Poison> cache = closing(TieredCache.<String, Poison>builder(
        CacheConfig.custom("ok").l1Enabled(false).build()).valueCodec(ValueCodec.javaSerialization(Poison.class))
        .l3(l3).build());
    cache.put("k", new Poison("x".repeat(2000)));
    assertThat(cache.get("k", k -> null).payload).isEqualTo("x".repeat(2000));
  }

  @Test
  void get_l3Closed_skippedCountedAndCallerServedByLoader() {
    MapDbTier l3 = l3("down.db");
    TieredCache<String, String> cache = l1l3(CacheConfig.custom("down")
        .tierRetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8)).build(), l3);
    l3.close();
    assertThat(cache.get("a", k -> "A")).isEqualTo("A");
    assertThat(cache.get("b", k -> "B")).isEqualTo("B");
    cache.put("c", "C");
    TierStats s = cache.stats().tier(Tier.L3);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.skipped()).isPositive();
    assertThat(s.available()).isFalse();
    ticker.advance(Duration.ofSeconds(2));
    assertThat(cache.get("d", k -> "D")).isEqualTo("D");
    assertThat(cache.stats().tier(Tier.L3).errors()).isEqualTo(2);
  }

  @Test
  void writeBehind_put_readableAtOnceAndInStoreAfterFlush() {
    MapDbTier l3 = l3("wb.db");
    TieredCache<String, String> cache = closing(TieredCache.<String, String>builder(CacheConfig.custom("wb")
        .l1Enabled(false).l3WriteMode(WriteMode.WRITE_BEHIND).writeBehindInterval(Duration.ofHours(1))
        .build()).valueCodec(ValueCodec.string()).l3(l3).build());
    cache.put("a", "1");
    cache.put("a", "2");
    cache.put("b", "x");
    cache.invalidate("b");
    assertThat(l3.get("wb:a")).as("not yet written").isNull();
    assertThat(cache.get("a", k -> "loaded")).isEqualTo("2");
    assertThat(cache.getIfPresent("b")).isNull();
    cache.flush();
    assertThat(l3.get("wb:a")).isNotNull();
    assertThat(l3.get("wb:b")).isNull();
    assertThat(cache.stats().tier(Tier.L3).puts()).isEqualTo(1);
  }

  @Test
  void writeBehind_backgroundFlush_reachesStoreWithoutExplicitFlush() {
    MapDbTier l3 = l3("wb2.db");
    TieredCache<String, String> cache = closing(TieredCache.<String, String>builder(CacheConfig.custom("wb2")
        .l3WriteMode(WriteMode.WRITE_BEHIND).writeBehindInterval(Duration.ofMillis(20)).build())
        .valueCodec(ValueCodec.string()).l3(l3).build());
    cache.put("a", "1");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> l3.get("wb2:a") != null);
    cache.close();
    try (MapDbTier reopened = MapDbTier.open(MapDbConfig.custom(dir.resolve("wb2.db")).ticker(ticker).build())) {
      assertThat(reopened.get("wb2:a")).isNotNull();
    }
  }

  @Test
  void writeThrough_put_inStoreWhenPutReturns() {
    MapDbTier l3 = l3("wt.db");
    TieredCache<String, String> cache = l1l3(CacheConfig.ofDefaults("wt"), l3);
    cache.put("a", "1");
    byte[] stored = l3.get("wt:a");
    assertThat(stored).isNotNull();
    // The stored form is a self-describing compression frame of the codec's bytes: decoded on its own,
    // without the cache, it must be the value that was put.
    try (CompressionEngine frames = CompressionEngine.create(CompressionConfig.ofDefaults())) {
      assertThat(ValueCodec.string().decode(frames.decompress(stored))).isEqualTo("1");
    }
  }

  @Test
  void bus_putOnNodeA_dropsNodeBsL1AndLoadsPublishNothing() {
    MapDbTier shared = closing(l3("shared.db"));
    BusNetwork net = new BusNetwork();
    TieredCache<String, String> a = closing(TieredCache.<String, String>builder("net").ticker(ticker)
        .valueCodec(ValueCodec.string()).l2(net.node(shared)).build());
    TieredCache<String, String> b = closing(TieredCache.<String, String>builder("net").ticker(ticker)
        .valueCodec(ValueCodec.string()).l2(net.node(shared)).build());
    assertThat(b.get("k", k -> "v1")).isEqualTo("v1");
    assertThat(a.get("k", k -> "never")).isEqualTo("v1");
    assertThat(net.published).as("loads and promotions publish nothing").isEmpty();

    a.put("k", "v2");
    assertThat(net.published).hasSize(1);
    assertThat(b.get("k", k -> "never")).as("B's L1 dropped the old value").isEqualTo("v2");
    assertThat(a.stats().invalidationsReceived()).as("A ignores its own message").isZero();
    assertThat(b.stats().invalidationsReceived()).isEqualTo(1);

    a.invalidateAll("k*");
    assertThat(b.get("k", k -> "fresh")).isEqualTo("fresh");
  }

  @Test
  void bus_resync_clearsL1() {
    MapDbTier shared = closing(l3("resync.db"));
    BusNetwork net = new BusNetwork();
    TieredCache<String, String> a = closing(TieredCache.<String, String>builder(CacheConfig.custom("rs")
        .build()).ticker(ticker).valueCodec(ValueCodec.string()).l2(net.node(shared)).build());
    a.get("k", k -> "v1");
    shared.put("rs:k", shared.get("rs:k"), Duration.ZERO); // same bytes, L1 still holds v1
    net.resyncAll("rs");
    assertThat(((dev.optimizer.cache.internal.DefaultTieredCache<String, String>) a).peekL1("k")).isNull();
    assertThat(a.stats().invalidationsReceived()).isEqualTo(1);
    // A RESYNC comes from this cache's own bus: whatever cache name the tier was given, messages may have
    // been lost, so L1 is cleared (a tier named differently from its cache must not leave L1 stale).
    a.get("k", k -> "v1");
    net.resyncAll("tier-named-otherwise");
    assertThat(((dev.optimizer.cache.internal.DefaultTieredCache<String, String>) a).peekL1("k")).isNull();
    assertThat(a.stats().invalidationsReceived()).isEqualTo(2);
    assertThat(net.published).noneMatch(m -> m.kind() == InvalidationMessage.Kind.RESYNC);
  }

  @Test
  void put_duringRunningLoad_loadResultNotCachedOverPut() throws Exception {
    TieredCache<String, String> cache = l1Only(CacheConfig.ofDefaults("race"));
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> f = pool.submit(() -> cache.get("k", k -> {
        loading.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "stale";
      }));
      assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
      cache.put("k", "fresh");
      release.countDown();
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("stale");
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.get("k", k -> "reloaded")).isEqualTo("fresh");
  }

  @Test
  void getAsync_missThenHit_completesWithValue() throws Exception {
    TieredCache<String, String> cache = l1Only(CacheConfig.ofDefaults("async"));
    assertThat(cache.getAsync("a", k -> "A").get(10, TimeUnit.SECONDS)).isEqualTo("A");
    assertThat(cache.getAsync("a", k -> "B").isDone()).isTrue();
    cache.putAsync("b", "B").get(10, TimeUnit.SECONDS);
    assertThat(cache.getAllAsync(List.of("a", "b"), k -> Map.of()).get(10, TimeUnit.SECONDS))
        .containsOnlyKeys("a", "b");
    cache.invalidateAsync("a").get(10, TimeUnit.SECONDS);
    cache.invalidateAllAsync("b*").get(10, TimeUnit.SECONDS);
    assertThat(cache.getIfPresent("a")).isNull();
    assertThat(cache.getIfPresent("b")).isNull();
  }

  @Test
  void put_withTtl_overridesL1Ttl() {
    TieredCache<String, String> cache = l1Only(CacheConfig.ofDefaults("pttl"));
    cache.put("k", "v", Duration.ofSeconds(5));
    ticker.advance(Duration.ofSeconds(6));
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void put_withShortTtl_servedUntilItsDeadlineThenGone() {
    TieredCache<String, String> cache = l1Only(CacheConfig.custom("pttl2")
        .l1ExpireAfterWrite(Duration.ofMinutes(10)).build());
    cache.put("k", "v", Duration.ofSeconds(5));
    ticker.advance(Duration.ofSeconds(4));
    assertThat(cache.get("k", k -> "reloaded")).isEqualTo("v");
    ticker.advance(Duration.ofSeconds(1));
    assertThat(cache.get("k", k -> "reloaded")).as("deadline reached").isEqualTo("reloaded");
  }

  @Test
  void put_withTtlLongerThanL1_cappedAtL1Ttl() {
    TieredCache<String, String> cache = l1Only(CacheConfig.custom("pttl3")
        .l1ExpireAfterWrite(Duration.ofMinutes(1)).build());
    cache.put("k", "v", Duration.ofHours(1));
    ticker.advance(Duration.ofMinutes(2));
    assertThat(cache.getIfPresent("k")).as("L1 never outlives its own TTL").isNull();
  }

  @Test
  void l1_sizeBound_evictsBeyondMaximum() {
    TieredCache<String, String> cache = l1Only(CacheConfig.custom("small").l1MaximumSize(100)
        .l1MinimumSize(10).build());
    for (int i = 0; i < 1000; i++) {
      cache.put("k" + i, "v");
    }
    var l1 = ((dev.optimizer.cache.internal.DefaultTieredCache<String, String>) cache).l1();
    l1.cleanUp();
    assertThat(l1.estimatedSize()).isLessThanOrEqualTo(100);
  }

  @Test
  void l1_weightBound_evictsByWeight() {
    TieredCache<String, String> cache = closing(TieredCache.<String, String>builder(CacheConfig.custom("w")
        .l1MaximumWeight(1000).l1MinimumSize(10).build()).weigher((String k, String v) -> v.length())
        .executor(Runnable::run).build());
    for (int i = 0; i < 100; i++) {
      cache.put("k" + i, "x".repeat(100));
    }
    var l1 = ((dev.optimizer.cache.internal.DefaultTieredCache<String, String>) cache).l1();
    l1.cleanUp();
    assertThat(l1.estimatedSize()).isLessThanOrEqualTo(10);
    assertThatThrownBy(() -> TieredCache.builder(CacheConfig.custom("w2").l1MaximumWeight(10).l1MinimumSize(1)
        .build()).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("weigher");
  }

  @Test
  void metrics_bound_exposeTierAndLoadMeters() {
    MapDbTier l3 = l3("metrics.db");
    TieredCache<String, String> cache = l1l3(CacheConfig.ofDefaults("m"), l3);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    cache.metrics().bindTo(registry);
    cache.get("a", k -> "A");
    cache.get("a", k -> "A");
    assertThat(registry.get("optimizer.cache.loads").tag("cache", "m").tag("result", "success")
        .functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("optimizer.cache.tier.gets").tag("tier", "L3").tag("result", "miss")
        .functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("cache.gets").tag("cache", "m").tag("result", "hit").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("optimizer.cache.l1.maximum").gauge().value()).isEqualTo(10_000);
  }

  @Test
  void config_conflictsAndBadValues_rejectedWithTheirName() {
    assertThatThrownBy(() -> CacheConfig.custom("bad name")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache name");
    assertThatThrownBy(() -> CacheConfig.custom("c").l1MaximumSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l1MaximumSize");
    assertThatThrownBy(() -> CacheConfig.custom("c").nullTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nullTtl");
    assertThatThrownBy(() -> CacheConfig.custom("c").l1ExpireAfterAccess(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> TieredCache.builder(CacheConfig.custom("c").l1Enabled(false).build()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no tier");
  }

  /** Lets a second cache share a tier without closing it. */
  private static final class NonClosingTier extends ForwardingByteTier {
    NonClosingTier(MapDbTier delegate) {
      super(delegate);
    }

    @Override
    public void close() {}
  }

  // Issue 12, one metrics pattern: stats() carries times as Duration; metrics() registers nothing until bound.
  @Test
  void stats_afterLoads_reportsLoadsAndLoadTimeAsDuration() {
    TieredCache<String, String> cache = l1Only(CacheConfig.ofDefaults("timedLoads"));
    cache.get("a", k -> {
      // 2 ms pass by the cache's ticker and by the system clock, whichever the cache measures loads with
      ticker.advance(Duration.ofMillis(2));
      long end = System.nanoTime() + Duration.ofMillis(2).toNanos();
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      return "A";
    });
    cache.get("a", k -> "unused");

    CacheStats s = cache.stats();
    assertThat(s.loads()).isEqualTo(1);
    assertThat(s.loadFailures()).isZero();
    assertThat(s.totalLoadTime()).isGreaterThanOrEqualTo(Duration.ofMillis(2));
    assertThat(s.tier(Tier.L1).hits()).isEqualTo(1);
  }

  @Test
  void build_withRegistryAround_registersNothingUntilBound() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
    try {
      MapDbTier l3 = l3("unbound.db");
      TieredCache<String, String> cache = l1l3(CacheConfig.ofDefaults("unbound"), l3);
      cache.get("a", k -> "A");
      assertThat(registry.getMeters()).isEmpty();

      cache.metrics().bindTo(registry);
      assertThat(registry.getMeters()).isNotEmpty();
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    }
  }

  @Test
  void metrics_bound_exposesDocumentedCacheTierAndCaffeineMeters() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    TieredCache<String, String> cache = l1l3(CacheConfig.ofDefaults("named"), l3("named.db"));
    cache.get("a", k -> "A");
    cache.metrics().bindTo(registry);

    assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).contains("optimizer.cache.loads",
        "optimizer.cache.load.time", "optimizer.cache.encode.failures", "optimizer.cache.invalidations.received",
        "optimizer.cache.tier.gets", "optimizer.cache.tier.puts", "optimizer.cache.tier.size",
        "optimizer.cache.tier.available", "optimizer.cache.l3.checkpoints", "optimizer.cache.l3.journal.bytes",
        "cache.gets"); // Caffeine's own binder for L1
    assertThat(registry.get("optimizer.cache.loads").tag("cache", "named").meters()).isNotEmpty();
    assertThat(registry.get("optimizer.cache.tier.gets").tag("cache", "named").tag("tier", "L3").meters())
        .isNotEmpty();
  }
}
