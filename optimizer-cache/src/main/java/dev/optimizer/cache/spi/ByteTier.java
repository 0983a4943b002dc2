package dev.optimizer.cache.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A cache tier that stores encoded values as bytes under string keys: L2 (Redis) and L3 (MapDB).
 *
 * <p>Keys are the cache's stable string keys, already namespaced by cache name; a tier may add its own
 * prefix. Values are opaque to the tier. Every method may be called from many threads at once.
 *
 * <p>Failures: a method that cannot reach its store (connection lost, disk full, corrupt file, circuit
 * open) throws {@link TierUnavailableException}; the {@code TieredCache} then skips the tier for that
 * call, counts and logs it, and never lets it reach the caller of {@code get}. A tier must never return
 * bytes other than those stored under that key (return null instead).
 */
public interface ByteTier extends AutoCloseable {
  /** Short name used in metrics and logs: {@code L2}, {@code L3}. */
  String name();

  /**
   * The bytes stored under {@code key}, or null if absent or expired.
   *
   * @throws TierUnavailableException if the store cannot be read now
   */
  byte @Nullable [] get(String key);

  /**
   * The present entries among {@code keys}, in one round trip where the store allows it (MGET,
   * pipeline). Absent keys are simply missing from the result.
   *
   * @throws TierUnavailableException if the store cannot be read now
   */
  Map<String, byte[]> getAll(Collection<String> keys);

  /**
   * Stores {@code value} under {@code key} for {@code ttl}.
   *
   * @param ttl positive; {@link Duration#ZERO} means no expiry
   * @throws TierUnavailableException if the store cannot be written now
   */
  void put(String key, byte[] value, Duration ttl);

  /**
   * Stores all entries with one TTL, in one round trip where the store allows it.
   *
   * @throws TierUnavailableException if the store cannot be written now
   */
  void putAll(Map<String, byte[]> entries, Duration ttl);

  /**
   * Removes {@code key}; absent keys are ignored.
   *
   * @throws TierUnavailableException if the store cannot be written now
   */
  void invalidate(String key);

  /**
   * Removes every key matching {@code glob} ({@code *} any run, {@code ?} one character), e.g.
   * {@code users:*}. In Redis this uses SCAN, never KEYS.
   *
   * @return how many entries were removed, or -1 if the store cannot tell
   * @throws TierUnavailableException if the store cannot be written now
   */
  long invalidateMatching(String glob);

  /**
   * Removes every entry this tier holds for its cache (not other caches sharing the store).
   *
   * @throws TierUnavailableException if the store cannot be written now
   */
  void invalidateAll();

  /** Entries held, or -1 if the store cannot tell cheaply. Never throws. */
  long estimatedSize();

  /**
   * The cross-node invalidation channel this tier offers, or null if it has none. Redis offers one
   * (pub/sub); a local disk tier does not.
   */
  default @Nullable InvalidationBus invalidationBus() {
    return null;
  }

  /**
   * Whether the tier guards itself during an outage (a circuit breaker that fails calls fast and probes
   * with its own backoff). The cache then keeps calling it and adds no backoff of its own, so the tier
   * rejoins as soon as its own probe succeeds. Default false: the cache backs off for the tier.
   */
  default boolean guardsOutages() {
    return false;
  }

  /**
   * Whether the tier already keys entries by its cache's name (e.g. {@code RedisTier}: {@code
   * app:cache:<name>:<key>}). The {@code TieredCache} then hands it keys (and globs) without its own
   * {@code <name>:} prefix, so that the name is not written twice. Default false: keys arrive with the
   * cache's prefix.
   */
  default boolean prefixesCacheName() {
    return false;
  }

  /**
   * Marks one cache operation on the calling thread (a {@code get} that reads, loads and writes back; a
   * {@code put} that writes and publishes), so that a tier can give all of the operation's calls one time
   * budget. The cache closes the scope on the same thread when the operation ends. Default: nothing.
   */
  default Scope openScope() {
    return Scope.NONE;
  }

  /** One operation's scope; see {@link #openScope()}. */
  @FunctionalInterface
  interface Scope extends AutoCloseable {
    /** A scope that does nothing. */
    Scope NONE = () -> {};

    /** Ends the operation. Never throws. */
    @Override
    void close();
  }

  /** Releases connections, files and threads. Idempotent; never throws. */
  @Override
  void close();
}
