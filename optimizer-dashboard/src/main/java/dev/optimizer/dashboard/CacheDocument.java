package dev.optimizer.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The document of {@code GET /api/v1/cache/stats}: every cache of the cache module per tier, and every Redis
 * server whose meters are bound to the optimizer's registry. Immutable.
 *
 * @param caches the caches created or registered, by name
 * @param redisServers the Redis servers (a cache's L2 binds its server's meters to the optimizer's registry;
 *     a connection of your own appears once you bind its {@code metrics()} there); empty without Redis
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CacheDocument(List<Cache> caches, List<RedisServer> redisServers) {
  /** Copies the lists. */
  public CacheDocument {
    caches = List.copyOf(caches);
    redisServers = List.copyOf(redisServers);
  }

  /**
   * One cache.
   *
   * @param name its name
   * @param loads loader calls that returned
   * @param loadFailures loader calls that threw
   * @param loadTimeSeconds time spent in loaders, seconds
   * @param averageLoadTimeSeconds mean time of a loader call, seconds (0 before any)
   * @param refreshes background reloads ahead of expiry (refresh-ahead) that stored their value
   * @param refreshFailures background reloads that failed, the cached value left in place
   * @param tiers one entry per configured tier, fastest first
   * @param redis the Redis L2's view of its server (from the tier's {@code optimizer.cache.redis.*} meters), null
   *     when the cache has no Redis L2 or its meters are not bound to the optimizer's registry
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Cache(String name, long loads, long loadFailures, double loadTimeSeconds,
      double averageLoadTimeSeconds, long refreshes, long refreshFailures, List<Tier> tiers,
      @Nullable RedisL2 redis) {
    /** Copies the list. */
    public Cache {
      tiers = List.copyOf(tiers);
    }
  }

  /**
   * One tier of a cache.
   *
   * @param tier {@code L1}, {@code L2} or {@code L3}
   * @param hits reads that found a value
   * @param misses reads that found nothing
   * @param hitRate hits over reads, fraction; 0 without reads
   * @param puts entries written
   * @param errors calls that failed
   * @param skipped calls not made (backoff after a failure, busy store, spent time budget)
   * @param evictions entries evicted; -1 where the tier cannot tell
   * @param sizeEntries entries held, estimated; -1 when unknown
   * @param available false while the tier is in an outage
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Tier(String tier, long hits, long misses, double hitRate, long puts, long errors, long skipped,
      long evictions, long sizeEntries, boolean available) {}

  /**
   * A cache's Redis L2 and the state of the shared connection it uses.
   *
   * @param circuitState the connection's circuit: {@code CLOSED}, {@code HALF_OPEN} or {@code OPEN}
   * @param busyCalls this cache's L2 calls skipped because the pool was busy (never an outage)
   * @param overBudgetCalls calls skipped because the cache call had spent its Redis time budget
   * @param rejectedCalls calls refused because the circuit was open
   * @param errors calls that failed on Redis
   * @param outages times the shared connection's circuit opened
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RedisL2(String circuitState, long busyCalls, long overBudgetCalls, long rejectedCalls, long errors,
      long outages) {}

  /**
   * One Redis server, from its {@code optimizer.redis.*} meters.
   *
   * @param server mode and address, e.g. {@code redis 127.0.0.1:6379}
   * @param circuitState {@code CLOSED}, {@code HALF_OPEN} or {@code OPEN}
   * @param calls calls that completed
   * @param busyCalls calls that found the pool busy (never an outage)
   * @param errors calls that failed
   * @param rejected calls refused because the circuit was open
   * @param outages times the circuit opened
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RedisServer(String server, String circuitState, long calls, long busyCalls, long errors,
      long rejected, long outages) {}
}
