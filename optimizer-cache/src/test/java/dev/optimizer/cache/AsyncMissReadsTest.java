package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.cache.internal.DefaultTieredCache;
import dev.optimizer.cache.redis.RedisCacheKeys;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous misses ({@code @CacheResult} on {@code CompletableFuture} methods) read the real Redis L2
 * together: a page of concurrent misses costs a bulk read, not one round trip per key.
 */
@RequiresRedis
class AsyncMissReadsTest {
  private final String name = "amr-" + UUID.randomUUID().toString().substring(0, 8);
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    RedisCacheKeys.delete(name);
    pool.shutdownNow();
  }

  /** Counts reads (keys per call); the first read waits until the test has queued every miss. */
  static final class GatedCountingTier extends ForwardingByteTier {
    final CountDownLatch gate = new CountDownLatch(1);
    final List<Integer> readSizes = new CopyOnWriteArrayList<>();

    GatedCountingTier(RedisTier delegate) {
      super(delegate);
    }

    private void count(int keys) {
      readSizes.add(keys);
      if (readSizes.size() == 1) {
        try {
          gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public byte @Nullable [] get(String key) {
      count(1);
      return super.get(key);
    }

    @Override
    public Map<String, byte[]> getAll(Collection<String> keys) {
      count(keys.size());
      return super.getAll(keys);
    }
  }

  private RedisTier redis(String node) {
    RedisTier tier = RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .cacheName(name).nodeId(node).build());
    open.add(tier);
    return tier;
  }

  @Test
  void hundredConcurrentAsyncMisses_readRedisInAtMostTwoReads_andEachGetsItsOwnValue() {
    TieredCache<String, String> seeder = TieredCache.<String, String>builder(CacheConfig.ofDefaults(name))
        .valueCodec(ValueCodec.string()).l2(redis("seeder")).executor(pool).build();
    open.add(seeder);
    for (int i = 0; i < 100; i += 2) {
      seeder.put("k" + i, "stored-" + i); // every other key is in Redis already
    }
    GatedCountingTier l2 = new GatedCountingTier(redis("reader"));
    @SuppressWarnings("unchecked")
    DefaultTieredCache<String, String> cache = (DefaultTieredCache<String, String>) TieredCache
        .<String, String>builder(CacheConfig.ofDefaults(name)).valueCodec(ValueCodec.string()).l2(l2)
        .executor(pool).build();
    open.add(cache);
    EntryOptions options = EntryOptions.defaults();

    List<CompletableFuture<Object>> reads = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      reads.add(cache.loadAsyncAfterL1Miss("k" + i, k -> CompletableFuture.completedFuture("loaded-" + k),
          options));
    }
    l2.gate.countDown();

    for (int i = 0; i < 100; i++) {
      assertThat(reads.get(i).join()).isEqualTo(i % 2 == 0 ? "stored-" + i : "loaded-k" + i);
    }
    // The first read takes what was queued when it started (often the first miss alone); every miss queued
    // while it ran goes out in one more read.
    assertThat(l2.readSizes).as("keys per Redis read").hasSizeBetween(1, 2);
    assertThat(l2.readSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
  }
}
