package dev.optimizer.cache;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-call overrides for a load: which tiers take part, the TTL of what is stored, whether a null result
 * is cached, and when a cached value is reloaded ahead of its expiry. Immutable; build from {@link #defaults()}.
 */
public final class EntryOptions {
  private static final int ALL_TIERS = Tier.L1.bit() | Tier.L2.bit() | Tier.L3.bit();
  private static final EntryOptions DEFAULTS = new EntryOptions(ALL_TIERS, null, null, null);

  private final int tierMask;
  private final @Nullable Duration ttl;
  private final @Nullable Boolean cacheNull;
  private final @Nullable Duration refreshAfter;

  private EntryOptions(int tierMask, @Nullable Duration ttl, @Nullable Boolean cacheNull,
      @Nullable Duration refreshAfter) {
    this.tierMask = tierMask;
    this.ttl = ttl;
    this.cacheNull = cacheNull;
    this.refreshAfter = refreshAfter;
  }

  /** Every configured tier, each tier's configured TTL, the cache's null policy. */
  public static EntryOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Only {@code tiers} (among those configured) are read and written.
   *
   * @throws IllegalArgumentException if {@code tiers} is empty
   */
  public EntryOptions withTiers(Tier... tiers) {
    if (tiers.length == 0) {
      throw new IllegalArgumentException("tiers must name at least one tier");
    }
    int mask = 0;
    for (Tier t : tiers) {
      mask |= Objects.requireNonNull(t, "tier").bit();
    }
    return new EntryOptions(mask, ttl, cacheNull, refreshAfter);
  }

  /**
   * Stores with {@code ttl} in every tier instead of the tiers' configured TTLs.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive
   */
  public EntryOptions withTtl(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    return new EntryOptions(tierMask, ttl, cacheNull, refreshAfter);
  }

  /** Whether a null result is cached (with the cache's null TTL), overriding the cache's setting. */
  public EntryOptions withCacheNull(boolean cacheNull) {
    return new EntryOptions(tierMask, ttl, cacheNull, refreshAfter);
  }

  /**
   * Refresh-ahead: a value this node has held in L1 for {@code refreshAfter} or longer is still returned at
   * once, and the read also starts one background reload of the key (on the cache's executor) that replaces
   * it in every tier the options use. Until the reload ends every reader keeps getting the current value;
   * a reload that fails leaves it in place (counted in {@link CacheStats#refreshFailures()}, logged at
   * DEBUG) and the next read past the mark tries again. The entry still expires at its TTL: a read after
   * that waits for a load, as without refresh. Only reads that carry a loader and these options refresh
   * ({@link TieredCache#get(Object, java.util.function.Function, EntryOptions)} and {@code @CacheResult});
   * {@code getIfPresent} and {@code getAll} return what is cached. The time counts from when the value
   * entered this node's L1 (a load, or a read from L2 or L3), so each node refreshes on its own. Needs L1
   * among the tiers.
   *
   * @throws IllegalArgumentException if {@code refreshAfter} is not positive
   */
  public EntryOptions withRefreshAfter(Duration refreshAfter) {
    if (refreshAfter.isNegative() || refreshAfter.isZero()) {
      throw new IllegalArgumentException("refreshAfter must be positive, was " + refreshAfter);
    }
    return new EntryOptions(tierMask, ttl, cacheNull, refreshAfter);
  }

  /** Whether {@code tier} takes part. */
  public boolean uses(Tier tier) {
    return (tierMask & tier.bit()) != 0;
  }

  /** The TTL override, or null for the tiers' own. */
  public @Nullable Duration ttl() {
    return ttl;
  }

  /** The null-caching override, or null for the cache's own. */
  public @Nullable Boolean cacheNull() {
    return cacheNull;
  }

  /** The refresh-ahead age ({@link #withRefreshAfter}), or null for none. */
  public @Nullable Duration refreshAfter() {
    return refreshAfter;
  }
}
