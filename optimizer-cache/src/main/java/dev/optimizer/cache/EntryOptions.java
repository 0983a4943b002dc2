package dev.optimizer.cache;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-call overrides for a load: which tiers take part, the TTL of what is stored, whether a null result
 * is cached. Immutable; build from {@link #defaults()}.
 */
public final class EntryOptions {
  private static final int ALL_TIERS = Tier.L1.bit() | Tier.L2.bit() | Tier.L3.bit();
  private static final EntryOptions DEFAULTS = new EntryOptions(ALL_TIERS, null, null);

  private final int tierMask;
  private final @Nullable Duration ttl;
  private final @Nullable Boolean cacheNull;

  private EntryOptions(int tierMask, @Nullable Duration ttl, @Nullable Boolean cacheNull) {
    this.tierMask = tierMask;
    this.ttl = ttl;
    this.cacheNull = cacheNull;
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
    return new EntryOptions(mask, ttl, cacheNull);
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
    return new EntryOptions(tierMask, ttl, cacheNull);
  }

  /** Whether a null result is cached (with the cache's null TTL), overriding the cache's setting. */
  public EntryOptions withCacheNull(boolean cacheNull) {
    return new EntryOptions(tierMask, ttl, cacheNull);
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
}
