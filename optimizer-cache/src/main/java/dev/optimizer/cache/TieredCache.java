package dev.optimizer.cache;

import dev.optimizer.cache.internal.DefaultTieredCache;
import dev.optimizer.cache.internal.EngineFrameCompression;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.cache.internal.FrameCompression;
import dev.optimizer.cache.internal.NoFrames;
import dev.optimizer.cache.internal.CanonicalKeys;
import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.core.Ticker;
import dev.optimizer.core.Tunable;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A read-through cache over up to three tiers: L1 Caffeine (live objects), L2 a shared byte store
 * (Redis), L3 a local disk store (MapDB). Any subset of tiers may be configured.
 *
 * <p><b>Reads</b> go L1, then L2, then L3, then the loader; a hit in a slower tier is promoted to the
 * faster ones, a loaded value is written to every tier. At most one load per key runs at a time across
 * threads (others wait for its result); different keys load concurrently. Loads publish nothing to
 * other nodes.
 *
 * <p><b>Writes</b> ({@code put}, {@code invalidate*}) go to the slower tiers first and L1 last, then
 * are published on the L2/L3 {@link dev.optimizer.cache.spi.InvalidationBus} if one is offered, so
 * every other node drops the key from its L1. L3 is written through unless
 * {@link WriteMode#WRITE_BEHIND} is configured. A write cancels the effect of a load of the same key
 * running concurrently (its result is returned to its callers but not stored in L1).
 *
 * <p><b>Failures</b>: a failing L2/L3 (down, slow past its budget, corrupt) is skipped, counted and
 * logged once per outage, retried after a backoff; nothing of it reaches the caller. Bytes that cannot
 * be decoded are a miss. Only the loader's own exceptions reach the caller of {@code get}.
 *
 * <p>All methods are thread-safe. Keys are turned into L2/L3 keys by the key encoder (strings as they
 * are, other types through their canonical form) prefixed with {@link CacheConfig#keyPrefix()}.
 *
 * @param <K> key type; non-null
 * @param <V> value type
 */
public interface TieredCache<K, V> extends AutoCloseable {

  /** A builder for a cache with {@code config}. */
  static <K, V> Builder<K, V> builder(CacheConfig config) {
    return new Builder<>(config);
  }

  /** A builder for a cache called {@code name} with default settings. */
  static <K, V> Builder<K, V> builder(String name) {
    return new Builder<>(CacheConfig.ofDefaults(name));
  }

  /** The cache's name. */
  String name();

  /** The cache's configuration. */
  CacheConfig config();

  /**
   * The value for {@code key}: from the fastest tier holding it, else from {@code loader}, whose result
   * is stored in every tier.
   *
   * @param loader called at most once per key at a time across threads; may return null (cached only
   *     when null caching is on)
   * @return the value, or null when the loader returned null
   * @throws IllegalStateException if {@code loader} itself asks this cache for {@code key} on the same
   *     thread (a recursive load, which would otherwise wait for itself forever)
   * @throws RuntimeException whatever the loader threw (also to threads waiting on the same load)
   */
  @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader);

  /**
   * Like {@link #get(Object, Function)} with per-call tiers, TTL, null policy and refresh-ahead. With
   * {@link EntryOptions#withRefreshAfter} a hit on a value held that long returns at once and also starts one
   * background call of {@code loader} on the cache's executor (see there).
   */
  @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader, EntryOptions options);

  /** The value if any tier holds it (promoting it), else null. Null also for a cached null. */
  @Nullable V getIfPresent(K key);

  /**
   * The values for {@code keys}: each tier is asked in bulk for what the faster ones lacked, then
   * {@code bulkLoader} once for the rest. Keys the loader leaves out are absent from the result (and
   * cached as null when null caching is on).
   *
   * @return a map of the keys with values, in no particular order
   */
  Map<K, V> getAll(Collection<? extends K> keys,
      Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> bulkLoader);

  /**
   * Stores {@code value} in every tier and tells other nodes to drop their L1 copy.
   *
   * @param value may be null only when null caching is on (stores a cached null)
   * @throws IllegalArgumentException if {@code value} is null and null caching is off
   */
  void put(K key, @Nullable V value);

  /** Like {@link #put(Object, Object)} with {@code ttl} in every tier instead of the configured ones. */
  void put(K key, V value, Duration ttl);

  /** Stores every entry (in bulk per tier) and publishes one invalidation per key. */
  void putAll(Map<? extends K, ? extends V> entries);

  /** Removes {@code key} from every tier and other nodes' L1. */
  void invalidate(K key);

  /**
   * Removes every key whose string form matches {@code glob} ({@code *} any run, {@code ?} one char,
   * {@code \} escapes) from every tier and other nodes' L1. L1 is scanned: cost is linear in its size.
   */
  void invalidateAll(String glob);

  /** Removes every entry of this cache from every tier and other nodes' L1. */
  void invalidateAll();

  /** {@link #get(Object, Function)} on the cache's executor; completes at once on an L1 hit. */
  CompletableFuture<@Nullable V> getAsync(K key, Function<? super K, ? extends @Nullable V> loader);

  /** {@link #getAll} on the cache's executor. */
  CompletableFuture<Map<K, V>> getAllAsync(Collection<? extends K> keys,
      Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> bulkLoader);

  /** {@link #put(Object, Object)} on the cache's executor. */
  CompletableFuture<Void> putAsync(K key, @Nullable V value);

  /** {@link #invalidate(Object)} on the cache's executor. */
  CompletableFuture<Void> invalidateAsync(K key);

  /** {@link #invalidateAll(String)} on the cache's executor. */
  CompletableFuture<Void> invalidateAllAsync(String glob);

  /** Applies queued write-behind writes to L3 now; a no-op under write-through. */
  void flush();

  /** Counters per tier and for loads. */
  CacheStats stats();

  /**
   * Binds {@code optimizer.cache.*} meters (Caffeine's own for L1, per-tier counters, loads) tagged
   * {@code cache=<name>} to a registry.
   */
  MeterBinder metrics();

  /** The memory-pressure tunable that shrinks and restores L1's bound. */
  Tunable tunable();

  /** Flushes write-behind, closes the L2/L3 tiers (which the cache owns) and drops L1. Idempotent. */
  @Override
  void close();

  /**
   * Builds a {@link TieredCache}. Not thread-safe.
   *
   * @param <K> key type
   * @param <V> value type
   */
  final class Builder<K, V> {
    private final CacheConfig config;
    private Function<? super K, String> keyEncoder = CanonicalKeys::encode;
    private ValueCodec<V> codec = ValueCodec.javaSerialization(java.util.List.of());
    private @Nullable ByteTier l2;
    private @Nullable ByteTier l3;
    private Ticker ticker = Ticker.system();
    private @Nullable Weigher<? super K, ? super V> weigher;
    private Executor executor = ForkJoinPool.commonPool();
    private @Nullable FrameCompression compression;

    Builder(CacheConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * How keys become L2/L3 keys and the strings globs match. Default: a String as it is; numbers,
     * enums, UUIDs, java.time values, records and collections of these in a canonical form; other types
     * rejected with IllegalArgumentException at first use. The function must be stable across JVMs.
     */
    public Builder<K, V> keyEncoder(Function<? super K, String> encoder) {
      this.keyEncoder = Objects.requireNonNull(encoder, "encoder");
      return this;
    }

    /**
     * How values become bytes for L2/L3. Default: Java serialization allowing only JDK value types;
     * use {@link ValueCodec#javaSerialization(Class[])} to allow your classes, or another codec.
     */
    public Builder<K, V> valueCodec(ValueCodec<V> codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /** The L2 tier (e.g. {@code RedisTier}). The cache owns it and closes it. */
    public Builder<K, V> l2(ByteTier tier) {
      this.l2 = Objects.requireNonNull(tier, "tier");
      return this;
    }

    /** The L3 tier (e.g. {@link MapDbTier}). The cache owns it and closes it. */
    public Builder<K, V> l3(ByteTier tier) {
      this.l3 = Objects.requireNonNull(tier, "tier");
      return this;
    }

    /** Opens a {@link MapDbTier} with {@code config} as L3. */
    public Builder<K, V> l3(MapDbConfig config) {
      return l3(MapDbTier.open(config));
    }

    /**
     * The time source of L1 expiry (fixed and per-entry TTLs) and of the retry backoff of a failed tier,
     * in {@link Ticker#read()} nanoseconds; default {@link Ticker#system()}, and in a cache made by the
     * cache module, the optimizer's ticker. An L3 given as a {@link MapDbConfig} keeps that config's own
     * ticker. Tests pass a fake ticker and move it instead of sleeping.
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder<K, V> ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Weighs L1 entries when {@link CacheConfig#l1MaximumWeight()} is set. */
    public Builder<K, V> weigher(Weigher<? super K, ? super V> weigher) {
      this.weigher = Objects.requireNonNull(weigher, "weigher");
      return this;
    }

    /** Runs the async variants (default the common fork-join pool). */
    public Builder<K, V> executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The engine compressing L2/L3 values (values under 256 bytes are stored in a checked frame
     * uncompressed). The caller keeps ownership: the cache does not close it. Default: an LZ4 engine the
     * cache owns.
     */
    public Builder<K, V> compression(CompressionEngine engine) {
      this.compression = new EngineFrameCompression(Objects.requireNonNull(engine, "engine"),
          EngineFrameCompression.DEFAULT_THRESHOLD, config.name(), false);
      return this;
    }

    /**
     * The cache.
     *
     * @throws IllegalStateException if a weight bound lacks a weigher (or a weigher lacks a weight
     *     bound), or no tier at all is configured
     */
    public TieredCache<K, V> build() {
      if (config.l1MaximumWeight() > 0 && weigher == null) {
        throw new IllegalStateException("cache " + config.name() + ": l1MaximumWeight needs a weigher");
      }
      if (weigher != null && config.l1MaximumWeight() == 0) {
        throw new IllegalStateException("cache " + config.name() + ": a weigher needs l1MaximumWeight");
      }
      if (!config.l1Enabled() && l2 == null && l3 == null) {
        throw new IllegalStateException("cache " + config.name() + ": no tier configured");
      }
      FrameCompression frames = compression != null ? compression
          : l2 == null && l3 == null ? NoFrames.INSTANCE : EngineFrameCompression.defaultFor(config.name());
      return new DefaultTieredCache<>(config, keyEncoder, codec, frames, l2, l3, ticker, weigher,
          executor);
    }
  }
}
