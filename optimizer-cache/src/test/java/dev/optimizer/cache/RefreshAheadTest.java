package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.testing.FakeTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Refresh-ahead ({@link EntryOptions#withRefreshAfter}): a read past the refresh time returns the cached value
 * at once and reloads it in the background, once; the entry still expires at its TTL.
 */
class RefreshAheadTest {
  @TempDir
  Path dir;

  private final FakeTicker ticker = new FakeTicker();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private static final EntryOptions TEN_MIN_REFRESH_1M =
      EntryOptions.defaults().withTtl(Duration.ofMinutes(10)).withRefreshAfter(Duration.ofMinutes(1));

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    pool.shutdownNow();
  }

  private TieredCache<String, String> cache(String name) {
    TieredCache<String, String> c = TieredCache.<String, String>builder(CacheConfig.ofDefaults(name)).ticker(ticker)
        .executor(pool).build();
    toClose.add(c);
    return c;
  }

  @Test
  void readPastRefreshTime_returnsCachedValueAtOnce_andReplacesItInTheBackground() throws Exception {
    TieredCache<String, String> cache = cache("r1");
    AtomicInteger version = new AtomicInteger();
    CountDownLatch reloadMayFinish = new CountDownLatch(1);
    cache.get("k", k -> "v" + version.incrementAndGet(), TEN_MIN_REFRESH_1M);

    ticker.advance(Duration.ofSeconds(59));
    assertThat(cache.get("k", k -> "never", TEN_MIN_REFRESH_1M)).isEqualTo("v1");
    assertThat(cache.stats().loads()).isEqualTo(1); // before the refresh time nothing reloads

    ticker.advance(Duration.ofSeconds(2));
    // The reload blocks until the test lets it finish: the reader must not wait for it.
    String read = cache.get("k", k -> {
      awaitLatch(reloadMayFinish);
      return "v" + version.incrementAndGet();
    }, TEN_MIN_REFRESH_1M);
    assertThat(read).isEqualTo("v1");
    assertThat(cache.get("k", k -> "never", TEN_MIN_REFRESH_1M)).isEqualTo("v1");

    reloadMayFinish.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().refreshes() == 1);
    assertThat(cache.get("k", k -> "never", TEN_MIN_REFRESH_1M)).isEqualTo("v2");
    assertThat(cache.stats().loads()).isEqualTo(2);
  }

  /** Entries whose TTL is shorter than L1's life, and an L1 without fixed expiry, read the clock themselves. */
  @ParameterizedTest
  @ValueSource(strings = {"ttl-shorter-than-l1", "l1-without-expiry"})
  void refreshAndExpiry_holdWhateverDecidesTheEntrysLife(String shape) {
    CacheConfig config = shape.equals("l1-without-expiry")
        ? CacheConfig.custom("r10").l1ExpireAfterWrite(Duration.ZERO).build() : CacheConfig.ofDefaults("r10");
    TieredCache<String, String> cache = TieredCache.<String, String>builder(config).ticker(ticker).executor(pool)
        .build();
    toClose.add(cache);
    EntryOptions options = EntryOptions.defaults().withTtl(Duration.ofMinutes(2))
        .withRefreshAfter(Duration.ofMinutes(1));
    cache.get("k", k -> "v1", options);
    ticker.advance(Duration.ofSeconds(59));
    assertThat(cache.get("k", k -> "v2", options)).isEqualTo("v1");
    assertThat(cache.stats().loads()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(2));
    assertThat(cache.get("k", k -> "v2", options)).isEqualTo("v1");
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().refreshes() == 1);
    assertThat(cache.get("k", k -> "never", options)).isEqualTo("v2");
    ticker.advance(Duration.ofMinutes(3)); // past the reloaded entry's own TTL: a load, not a stale hit
    assertThat(cache.get("k", k -> "v3", options)).isEqualTo("v3");
  }

  @Test
  void cacheWideRefreshAfter_appliesToGetWithoutOptions_andToGetAsync() throws Exception {
    TieredCache<String, String> cache = TieredCache.<String, String>builder(CacheConfig.custom("r11")
        .refreshAfter(Duration.ofMinutes(1)).build()).ticker(ticker).executor(pool).build();
    toClose.add(cache);
    assertThat(cache.get("a", k -> "a1")).isEqualTo("a1");
    assertThat(cache.getAsync("b", k -> "b1").get(10, TimeUnit.SECONDS)).isEqualTo("b1");
    ticker.advance(Duration.ofMinutes(2));

    assertThat(cache.get("a", k -> "a2")).isEqualTo("a1");
    assertThat(cache.getAsync("b", k -> "b2")).isCompletedWithValue("b1");
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().refreshes() == 2);
    assertThat(cache.get("a", k -> "never")).isEqualTo("a2");
    assertThat(cache.get("b", k -> "never")).isEqualTo("b2");
  }

  @Test
  void cacheWideRefreshAfter_notShorterThanL1Expiry_orWithoutL1_isRefused() {
    assertThatThrownBy(() -> CacheConfig.custom("r12").refreshAfter(Duration.ofMinutes(10)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be shorter than l1ExpireAfterWrite");
    assertThatThrownBy(() -> CacheConfig.custom("r13").l1Enabled(false).refreshAfter(Duration.ofMinutes(1))
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("refreshAfter needs L1");
  }

  @Test
  void manyReadersPastRefreshTime_startOneReload() throws Exception {
    TieredCache<String, String> cache = cache("r2");
    cache.get("k", k -> "v0", TEN_MIN_REFRESH_1M);
    ticker.advance(Duration.ofMinutes(2));
    AtomicInteger reloads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService readers = Executors.newFixedThreadPool(200);
    try {
      List<Future<String>> reads = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < 200; i++) {
        reads.add(readers.submit(() -> {
          start.await();
          return cache.get("k", k -> {
            reloads.incrementAndGet();
            awaitLatch(release);
            return "v1";
          }, TEN_MIN_REFRESH_1M);
        }));
      }
      start.countDown();
      for (Future<String> f : reads) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("v0");
      }
    } finally {
      readers.shutdownNow();
    }
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().refreshes() == 1);
    assertThat(reloads).hasValue(1);
    assertThat(cache.get("k", k -> "never", TEN_MIN_REFRESH_1M)).isEqualTo("v1");
  }

  @Test
  void failedReload_keepsTheCachedValue_countsIt_andTheNextReadTriesAgain() {
    TieredCache<String, String> cache = cache("r3");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    cache.metrics().bindTo(registry);
    cache.get("k", k -> "good", TEN_MIN_REFRESH_1M);
    ticker.advance(Duration.ofMinutes(2));

    assertThat(cache.get("k", k -> {
      throw new IllegalStateException("backend down");
    }, TEN_MIN_REFRESH_1M)).isEqualTo("good");
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().refreshFailures() == 1);
    assertThat(cache.get("k", k -> "fresh", TEN_MIN_REFRESH_1M)).isEqualTo("good");
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().refreshes() == 1);
    assertThat(cache.get("k", k -> "never", TEN_MIN_REFRESH_1M)).isEqualTo("fresh");
    assertThat(registry.get("optimizer.cache.refreshes").tag("result", "failure").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("optimizer.cache.refreshes").tag("result", "success").functionCounter().count())
        .isEqualTo(1.0);
  }

  @Test
  void readAfterTtl_waitsForALoad_neverServesBeyondTheTtl() {
    TieredCache<String, String> cache = cache("r4");
    cache.get("k", k -> "old", TEN_MIN_REFRESH_1M);
    ticker.advance(Duration.ofMinutes(11));
    assertThat(cache.get("k", k -> "new", TEN_MIN_REFRESH_1M)).isEqualTo("new");
    assertThat(cache.stats().refreshes()).isZero();
  }

  @Test
  void invalidateDuringReload_reloadedValueIsNotCached() throws Exception {
    TieredCache<String, String> cache = cache("r5");
    cache.get("k", k -> "v0", TEN_MIN_REFRESH_1M);
    ticker.advance(Duration.ofMinutes(2));
    CountDownLatch reloading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    cache.get("k", k -> {
      reloading.countDown();
      awaitLatch(release);
      return "read-before-the-write";
    }, TEN_MIN_REFRESH_1M);
    assertThat(reloading.await(10, TimeUnit.SECONDS)).isTrue();
    cache.invalidate("k"); // e.g. the row was updated while the reload was reading it
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().refreshes() == 1);
    assertThat(cache.get("k", k -> "after-the-write", TEN_MIN_REFRESH_1M)).isEqualTo("after-the-write");
  }

  @Test
  void reloadReturningUncachedNull_dropsTheEntryFromEveryTier() {
    MapDbTier l3 = MapDbTier.open(MapDbConfig.custom(dir.resolve("r6.db")).ticker(ticker).build());
    TieredCache<String, String> cache = TieredCache.<String, String>builder(CacheConfig.ofDefaults("r6"))
        .ticker(ticker).executor(pool).valueCodec(ValueCodec.string()).l3(l3).build();
    toClose.add(cache);
    cache.get("k", k -> "there", TEN_MIN_REFRESH_1M);
    assertThat(l3.get("r6:k")).isNotNull();
    ticker.advance(Duration.ofMinutes(2));

    assertThat(cache.get("k", k -> null, TEN_MIN_REFRESH_1M)).isEqualTo("there");
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().refreshes() == 1);
    assertThat(cache.getIfPresent("k")).isNull();
    assertThat(l3.get("r6:k")).isNull();
  }

  @Test
  void reloadWritesTheLowerTiers() {
    MapDbTier l3 = MapDbTier.open(MapDbConfig.custom(dir.resolve("r7.db")).ticker(ticker).build());
    TieredCache<String, String> cache = TieredCache.<String, String>builder(CacheConfig.ofDefaults("r7"))
        .ticker(ticker).executor(pool).valueCodec(ValueCodec.string()).l3(l3).build();
    toClose.add(cache);
    cache.get("k", k -> "v1", TEN_MIN_REFRESH_1M);
    ticker.advance(Duration.ofMinutes(2));
    cache.get("k", k -> "v2", TEN_MIN_REFRESH_1M);
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().refreshes() == 1);
    // A restart (a new cache over the same file, empty L1) reads the reloaded value from L3.
    cache.close();
    MapDbTier reopened = MapDbTier.open(MapDbConfig.custom(dir.resolve("r7.db")).ticker(ticker).build());
    TieredCache<String, String> next = TieredCache.<String, String>builder(CacheConfig.ofDefaults("r7"))
        .ticker(ticker).executor(pool).valueCodec(ValueCodec.string()).l3(reopened).build();
    toClose.add(next);
    assertThat(next.get("k", k -> "loaded-again")).isEqualTo("v2");
  }

  @Test
  void readWithoutRefreshOptions_neverReloads() {
    TieredCache<String, String> cache = cache("r8");
    cache.get("k", k -> "v1", TEN_MIN_REFRESH_1M);
    ticker.advance(Duration.ofMinutes(2));
    assertThat(cache.get("k", k -> "v2")).isEqualTo("v1");
    assertThat(cache.get("k", k -> "v2", EntryOptions.defaults())).isEqualTo("v1");
    assertThat(cache.getIfPresent("k")).isEqualTo("v1");
    assertThat(cache.stats().loads()).isEqualTo(1);
  }

  @Test
  void readPastRefreshTimeAfterClose_throwsAndStartsNothing() {
    TieredCache<String, String> cache = cache("r9");
    cache.get("k", k -> "v1", TEN_MIN_REFRESH_1M);
    ticker.advance(Duration.ofMinutes(2));
    cache.close();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> cache.get("k", k -> "v" + calls.incrementAndGet(), TEN_MIN_REFRESH_1M))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(calls).hasValue(0);
  }

  @Test
  void nonPositiveRefreshAfter_isRejected() {
    assertThatThrownBy(() -> EntryOptions.defaults().withRefreshAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshAfter must be positive");
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
