package dev.optimizer.spring;

import dev.optimizer.batch.BatchProcess;
import dev.optimizer.batch.ParallelProcess;
import dev.optimizer.cache.CacheInvalidate;
import dev.optimizer.cache.CacheKey;
import dev.optimizer.cache.CachePut;
import dev.optimizer.cache.CacheResult;
import dev.optimizer.compress.Compress;
import dev.optimizer.compress.Decompress;
import dev.optimizer.lazy.LazyLoad;
import dev.optimizer.limit.RateLimit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Beans carrying every optimizer annotation, counting what reaches them. */
public final class TestBeans {
  private TestBeans() {}

  /** A rate-limited bean: two calls per hour per client. */
  public static class Quotas {
    @RateLimit(rate = "2/1h", burst = 1, key = "{0}")
    public String serve(String client) {
      return "served " + client;
    }
  }

  /** A bean without interfaces: Spring proxies it with a subclass. */
  public static class Prices {
    final AtomicInteger loads = new AtomicInteger();
    final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    final Map<String, Integer> store = new ConcurrentHashMap<>();
    final AtomicInteger reports = new AtomicInteger();

    @CacheResult(cache = "prices")
    public Integer price(String sku) {
      loads.incrementAndGet();
      return store.getOrDefault(sku, 0);
    }

    /** The same cache entries as {@link #price}, without blocking the caller. */
    @CacheResult(cache = "prices")
    public java.util.concurrent.CompletableFuture<Integer> priceAsync(String sku) {
      loads.incrementAndGet();
      return java.util.concurrent.CompletableFuture.completedFuture(store.getOrDefault(sku, 0));
    }

    /** Reloaded in the background once a cached price is 200 ms old. */
    @CacheResult(cache = "fresh-prices", ttl = "1m", refreshAfter = "200ms")
    public Integer freshPrice(String sku) {
      loads.incrementAndGet();
      return store.getOrDefault(sku, 0);
    }

    @CacheInvalidate(cache = "prices")
    public void change(@CacheKey String sku, int price) {
      store.put(sku, price);
    }

    @CachePut(cache = "prices")
    public Integer set(@CacheKey String sku, int price) {
      store.put(sku, price);
      return price;
    }

    @BatchProcess(batchSize = 2)
    public List<Integer> doubled(List<Integer> values) {
      batches.add(List.copyOf(values));
      List<Integer> out = new ArrayList<>();
      values.forEach(v -> out.add(v * 2));
      return out;
    }

    /** Cache outside batch: the whole list is the key, not each batch. */
    @CacheResult(cache = "sums")
    @BatchProcess(batchSize = 2)
    public List<Integer> cachedDoubled(List<Integer> values) {
      return doubled(values); // self-invocation: runs unbatched, as documented
    }

    @ParallelProcess(maxWorkers = 2)
    public List<Integer> tripled(List<Integer> values) {
      batches.add(List.copyOf(values));
      return values.stream().map(v -> v * 3).toList();
    }

    @LazyLoad
    public String report() {
      return "report-" + reports.incrementAndGet();
    }

    @Compress
    public byte[] pack(String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }

    public String unpack(@Decompress byte[] frame) {
      return new String(frame, StandardCharsets.UTF_8);
    }

    /** Calls its own cached method through {@code this}: not intercepted. */
    public Integer priceTwiceInternally(String sku) {
      price(sku);
      return price(sku);
    }

    @CacheResult(cache = "prices")
    public final Integer finalPrice(String sku) {
      return 1;
    }

    @CacheResult(cache = "prices")
    private Integer privatePrice(String sku) {
      return 2;
    }

    @CacheResult(cache = "prices")
    public static Integer staticPrice(String sku) {
      return 3;
    }

    Integer callPrivate(String sku) {
      return privatePrice(sku);
    }
  }

  /** The annotation on the interface: Spring may proxy the bean through it. */
  interface Catalog {
    @CacheResult(cache = "catalog")
    String title(long id);
  }

  static class DbCatalog implements Catalog {
    final AtomicInteger loads = new AtomicInteger();

    @Override
    public String title(long id) {
      return "title-" + id + "-" + loads.incrementAndGet();
    }
  }
}
