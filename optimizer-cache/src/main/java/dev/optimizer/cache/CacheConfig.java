package dev.optimizer.cache;

import static dev.optimizer.core.support.Checks.requireAtLeast;
import static dev.optimizer.core.support.Checks.requireNonNegative;
import static dev.optimizer.core.support.Checks.requirePositive;

import dev.optimizer.cache.internal.CacheSettings;
import dev.optimizer.core.spi.Settings;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of one {@link TieredCache}. Immutable and thread-safe; start from {@link #ofDefaults(String)}
 * or {@link #custom(String)}.
 *
 * <p>Durations of {@link Duration#ZERO} mean "no expiry" for TTLs. Defaults: L1 10,000 entries expiring
 * 10 minutes after write, L2 TTL 1 hour, L3 TTL 1 day, nulls not cached (30 s when enabled), L3 written
 * through, a failing tier retried after 1 s doubling up to 30 s.
 *
 * <p>{@link Builder#settings(Settings)} fills the L1 size and the TTLs from {@code optimizer.cache.l1-size},
 * {@code optimizer.cache.ttl} and their per-cache forms {@code optimizer.cache.<name>.l1-size} and
 * {@code optimizer.cache.<name>.ttl} (and the {@code OPTIMIZER_CACHE_*} variables), where no builder call set
 * them; the cache module does this for the caches it creates.
 */
public final class CacheConfig {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._:-]{0,100}");

  private final String name;
  private final String namespace;
  private final boolean l1Enabled;
  private final long l1MaximumSize;
  private final long l1MaximumWeight;
  private final long l1MinimumSize;
  private final Duration l1ExpireAfterWrite;
  private final Duration l1ExpireAfterAccess;
  private final Duration l2Ttl;
  private final Duration l3Ttl;
  private final boolean cacheNulls;
  private final Duration nullTtl;
  private final WriteMode l3WriteMode;
  private final Duration writeBehindInterval;
  private final int writeBehindMaxPending;
  private final Duration tierRetryBackoff;
  private final Duration tierRetryBackoffMax;
  private final Duration refreshAfter;
  /** Settings set by builder calls, which bound system properties and environment variables never replace. */
  private final Set<String> explicit;

  private CacheConfig(Builder b) {
    this.explicit = Set.copyOf(b.explicit);
    this.name = b.name;
    this.namespace = b.namespace;
    this.l1Enabled = b.l1Enabled;
    this.l1MaximumSize = b.l1MaximumSize;
    this.l1MaximumWeight = b.l1MaximumWeight;
    this.l1MinimumSize = b.l1MinimumSize;
    this.l1ExpireAfterWrite = b.l1ExpireAfterWrite;
    this.l1ExpireAfterAccess = b.l1ExpireAfterAccess;
    this.l2Ttl = b.l2Ttl;
    this.l3Ttl = b.l3Ttl;
    this.cacheNulls = b.cacheNulls;
    this.nullTtl = b.nullTtl;
    this.l3WriteMode = b.l3WriteMode;
    this.writeBehindInterval = b.writeBehindInterval;
    this.writeBehindMaxPending = b.writeBehindMaxPending;
    this.tierRetryBackoff = b.tierRetryBackoff;
    this.tierRetryBackoffMax = b.tierRetryBackoffMax;
    this.refreshAfter = b.refreshAfter;
  }

  /**
   * The defaults for a cache called {@code name}.
   *
   * @throws IllegalArgumentException if the name is not 1-100 of {@code [A-Za-z0-9._-]}
   */
  public static CacheConfig ofDefaults(String name) {
    return custom(name).build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom(String name) {
    return new Builder(name);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return copyInto(new Builder(name));
  }

  /**
   * The same settings for a cache called {@code name}, e.g. from a template.
   *
   * @throws IllegalArgumentException if the name is not 1-100 of {@code [A-Za-z0-9._-]}
   */
  public CacheConfig withName(String name) {
    return copyInto(new Builder(name)).build();
  }

  /** A builder for a cache called {@code name} holding this configuration's settings, e.g. from a template. */
  Builder toBuilder(String name) {
    return copyInto(new Builder(name));
  }

  private Builder copyInto(Builder b) {
    b.explicit.addAll(explicit);
    b.namespace = namespace;
    b.l1Enabled = l1Enabled;
    b.l1MaximumSize = l1MaximumSize;
    b.l1MaximumWeight = l1MaximumWeight;
    b.l1MinimumSize = l1MinimumSize;
    b.l1ExpireAfterWrite = l1ExpireAfterWrite;
    b.l1ExpireAfterAccess = l1ExpireAfterAccess;
    b.l2Ttl = l2Ttl;
    b.l3Ttl = l3Ttl;
    b.cacheNulls = cacheNulls;
    b.nullTtl = nullTtl;
    b.l3WriteMode = l3WriteMode;
    b.writeBehindInterval = writeBehindInterval;
    b.writeBehindMaxPending = writeBehindMaxPending;
    b.tierRetryBackoff = tierRetryBackoff;
    b.tierRetryBackoffMax = tierRetryBackoffMax;
    b.refreshAfter = refreshAfter;
    return b;
  }

  /**
   * Refresh-ahead of the reads that bring no options ({@code get(key, loader)}, {@code getAsync}) and of
   * {@code @CacheResult} methods without {@code refreshAfter} of their own, or ZERO for none; see {@link
   * EntryOptions#withRefreshAfter}. A read with explicit {@link EntryOptions} uses theirs.
   */
  public Duration refreshAfter() {
    return refreshAfter;
  }

  /** The cache's name: metrics tag, tier key prefix, annotation reference. */
  public String name() {
    return name;
  }

  /** Prefix before the cache name in tier keys (empty for none), e.g. an application name. */
  public String namespace() {
    return namespace;
  }

  /** What L2 and L3 keys start with: {@code namespace:name:} (or {@code name:}). */
  public String keyPrefix() {
    return namespace.isEmpty() ? name + ":" : namespace + ":" + name + ":";
  }

  /** Whether L1 is used. */
  public boolean l1Enabled() {
    return l1Enabled;
  }

  /** L1 entry bound (0 when bounded by weight instead). */
  public long l1MaximumSize() {
    return l1MaximumSize;
  }

  /** L1 weight bound (0 when bounded by entry count); needs a weigher on the cache builder. */
  public long l1MaximumWeight() {
    return l1MaximumWeight;
  }

  /** The smallest L1 bound the memory-pressure tuning may shrink to. */
  public long l1MinimumSize() {
    return l1MinimumSize;
  }

  /** L1 expiry after write, or ZERO for none. */
  public Duration l1ExpireAfterWrite() {
    return l1ExpireAfterWrite;
  }

  /** L1 expiry after last access, or ZERO for none. */
  public Duration l1ExpireAfterAccess() {
    return l1ExpireAfterAccess;
  }

  /** L2 TTL, or ZERO for none. */
  public Duration l2Ttl() {
    return l2Ttl;
  }

  /** L3 TTL, or ZERO for none. */
  public Duration l3Ttl() {
    return l3Ttl;
  }

  /** Whether null loader results are cached. */
  public boolean cacheNulls() {
    return cacheNulls;
  }

  /** TTL of a cached null in every tier. */
  public Duration nullTtl() {
    return nullTtl;
  }

  /** How writes reach L3. */
  public WriteMode l3WriteMode() {
    return l3WriteMode;
  }

  /** Write-behind flush period. */
  public Duration writeBehindInterval() {
    return writeBehindInterval;
  }

  /** Queued write-behind keys at which a flush starts early. */
  public int writeBehindMaxPending() {
    return writeBehindMaxPending;
  }

  /** Pause before retrying a tier that failed. */
  public Duration tierRetryBackoff() {
    return tierRetryBackoff;
  }

  /** Longest pause before retrying a tier that keeps failing. */
  public Duration tierRetryBackoffMax() {
    return tierRetryBackoffMax;
  }

  @Override
  public String toString() {
    return "CacheConfig[name=" + name + ", namespace=" + namespace + ", l1=" + (l1Enabled
        ? (l1MaximumWeight > 0 ? "weight " + l1MaximumWeight : "size " + l1MaximumSize) + ", write "
            + l1ExpireAfterWrite + ", access " + l1ExpireAfterAccess : "off") + ", l2Ttl=" + l2Ttl
        + ", l3Ttl=" + l3Ttl + ", nulls=" + (cacheNulls ? nullTtl : "off") + ", l3=" + l3WriteMode
        + (refreshAfter.isZero() ? "" : ", refreshAfter=" + refreshAfter) + "]";
  }

  /** Builds a {@link CacheConfig}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace = "";
    private boolean l1Enabled = true;
    private long l1MaximumSize = 10_000;
    private long l1MaximumWeight;
    private long l1MinimumSize = 100;
    private Duration l1ExpireAfterWrite = Duration.ofMinutes(10);
    private Duration l1ExpireAfterAccess = Duration.ZERO;
    private Duration l2Ttl = Duration.ofHours(1);
    private Duration l3Ttl = Duration.ofDays(1);
    private boolean cacheNulls;
    private Duration nullTtl = Duration.ofSeconds(30);
    private WriteMode l3WriteMode = WriteMode.WRITE_THROUGH;
    private Duration writeBehindInterval = Duration.ofSeconds(1);
    private int writeBehindMaxPending = 10_000;
    private Duration tierRetryBackoff = Duration.ofSeconds(1);
    private Duration tierRetryBackoffMax = Duration.ofSeconds(30);
    private Duration refreshAfter = Duration.ZERO;
    private final Set<String> explicit = new HashSet<>();
    private Settings settings = Settings.empty();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("cache name must be 1-100 of [A-Za-z0-9._-], was '" + name + "'");
      }
      this.name = name;
    }

    /**
     * Prefix of tier keys before the cache name; empty for none.
     *
     * @throws IllegalArgumentException if not 0-100 of {@code [A-Za-z0-9._:-]}
     */
    public Builder namespace(String namespace) {
      Objects.requireNonNull(namespace, "namespace");
      if (!NAMESPACE.matcher(namespace).matches()) {
        throw new IllegalArgumentException("namespace must be 0-100 of [A-Za-z0-9._:-], was '" + namespace
            + "'");
      }
      this.namespace = namespace;
      return this;
    }

    /** Whether L1 is used (default true). */
    public Builder l1Enabled(boolean enabled) {
      this.l1Enabled = enabled;
      return this;
    }

    /**
     * Bounds L1 by entry count.
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public Builder l1MaximumSize(long size) {
      this.l1MaximumSize = requireAtLeast(size, 1, "l1MaximumSize");
      explicit.add("l1-size");
      return this;
    }

    /**
     * Bounds L1 by total weight (the cache builder's weigher) instead of entry count; 0 turns it off.
     *
     * @throws IllegalArgumentException if {@code weight < 0}
     */
    public Builder l1MaximumWeight(long weight) {
      this.l1MaximumWeight = requireAtLeast(weight, 0, "l1MaximumWeight");
      return this;
    }

    /**
     * The smallest bound memory-pressure tuning may shrink L1 to (default 100).
     *
     * @throws IllegalArgumentException if {@code size < 0}
     */
    public Builder l1MinimumSize(long size) {
      this.l1MinimumSize = requireAtLeast(size, 0, "l1MinimumSize");
      explicit.add("l1-minimum-size");
      return this;
    }

    /** L1 expiry after write; ZERO for none. Exclusive with expire-after-access. */
    public Builder l1ExpireAfterWrite(Duration d) {
      this.l1ExpireAfterWrite = requireNonNegative(d, "l1ExpireAfterWrite");
      explicit.add("l1-ttl");
      return this;
    }

    /** L1 expiry after last read or write; ZERO for none. Exclusive with expire-after-write. */
    public Builder l1ExpireAfterAccess(Duration d) {
      this.l1ExpireAfterAccess = requireNonNegative(d, "l1ExpireAfterAccess");
      explicit.add("l1-ttl");
      return this;
    }

    /** L2 TTL; ZERO for none. */
    public Builder l2Ttl(Duration d) {
      this.l2Ttl = requireNonNegative(d, "l2Ttl");
      explicit.add("l2-ttl");
      return this;
    }

    /** L3 TTL; ZERO for none. */
    public Builder l3Ttl(Duration d) {
      this.l3Ttl = requireNonNegative(d, "l3Ttl");
      explicit.add("l3-ttl");
      return this;
    }

    /** Whether null loader results are cached (default false). */
    public Builder cacheNulls(boolean cache) {
      this.cacheNulls = cache;
      return this;
    }

    /**
     * TTL of cached nulls in every tier (default 30 s).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder nullTtl(Duration d) {
      this.nullTtl = requirePositive(d, "nullTtl");
      return this;
    }

    /** How writes reach L3 (default write-through). */
    public Builder l3WriteMode(WriteMode mode) {
      this.l3WriteMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Write-behind flush period (default 1 s).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder writeBehindInterval(Duration d) {
      this.writeBehindInterval = requirePositive(d, "writeBehindInterval");
      return this;
    }

    /**
     * Queued keys at which a write-behind flush starts before its period (default 10,000).
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder writeBehindMaxPending(int n) {
      this.writeBehindMaxPending = requireAtLeast(n, 1, "writeBehindMaxPending");
      return this;
    }

    /**
     * First pause before a failed tier is tried again, doubling per failure up to {@code max}.
     *
     * @throws IllegalArgumentException if {@code initial} is negative or {@code max < initial}
     */
    public Builder tierRetryBackoff(Duration initial, Duration max) {
      requireNonNegative(initial, "tierRetryBackoff");
      Objects.requireNonNull(max, "tierRetryBackoff max");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("tierRetryBackoff max " + max + " < initial " + initial);
      }
      this.tierRetryBackoff = initial;
      this.tierRetryBackoffMax = max;
      return this;
    }

    /**
     * Refresh-ahead for the cache's reads (Caffeine's {@code refreshAfterWrite}, across the tiers): a hit on a
     * value this node has held in L1 for {@code refreshAfter} returns at once and starts one background
     * reload with the read's loader; see {@link EntryOptions#withRefreshAfter}. Applies to {@code get(key,
     * loader)}, {@code getAsync} and {@code @CacheResult} methods without a {@code refreshAfter} of their own (a
     * read with explicit {@link EntryOptions} uses theirs); ZERO (the default) for none. Must be shorter than
     * L1's expiry after write and needs L1 ({@link #build()} checks).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder refreshAfter(Duration refreshAfter) {
      this.refreshAfter = requireNonNegative(refreshAfter, "refreshAfter");
      explicit.add("refresh-after");
      return this;
    }

    /**
     * Bound system properties and environment variables to read at {@link #build()}: {@code cache.l1-size}
     * {@code cache.ttl} and {@code cache.refresh-after}, then the per-cache {@code cache.<name>.l1-size},
     * {@code cache.<name>.ttl} and {@code cache.<name>.refresh-after} (which win), each only where no
     * builder call set the value. The TTL sets L1 expiry after write (unless
     * expiry after access was set), the L2 and the L3 TTL. Default {@link Settings#empty()}.
     */
    public Builder settings(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    private void applySettings() {
      settings.get(CacheSettings.L1_SIZE).ifPresent(this::boundL1Size);
      settings.get(CacheSettings.CACHE_L1_SIZE, name).ifPresent(this::boundL1Size);
      settings.get(CacheSettings.TTL).ifPresent(this::boundTtl);
      settings.get(CacheSettings.CACHE_TTL, name).ifPresent(this::boundTtl);
      if (!explicit.contains("refresh-after")) {
        settings.get(CacheSettings.REFRESH_AFTER).ifPresent(d -> refreshAfter = d);
        settings.get(CacheSettings.CACHE_REFRESH_AFTER, name).ifPresent(d -> refreshAfter = d);
      }
    }

    private void boundL1Size(long size) {
      if (!explicit.contains("l1-size")) {
        l1MaximumSize = size;
        // A small bound from the environment lowers the default floor rather than failing the build.
        if (!explicit.contains("l1-minimum-size") && l1MinimumSize > size) {
          l1MinimumSize = size;
        }
      }
    }

    private void boundTtl(Duration ttl) {
      if (!explicit.contains("l1-ttl") && l1ExpireAfterAccess.isZero()) {
        l1ExpireAfterWrite = ttl;
      }
      if (!explicit.contains("l2-ttl")) {
        l2Ttl = ttl;
      }
      if (!explicit.contains("l3-ttl")) {
        l3Ttl = ttl;
      }
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if both L1 expiries are set, the minimum size exceeds the bound, or
     *     {@code refreshAfter} is set without L1 or is not shorter than L1's expiry after write
     */
    public CacheConfig build() {
      applySettings();
      if (!l1ExpireAfterWrite.isZero() && !l1ExpireAfterAccess.isZero()) {
        throw new IllegalStateException("cache " + name + ": choose l1ExpireAfterWrite or "
            + "l1ExpireAfterAccess, not both");
      }
      long bound = l1MaximumWeight > 0 ? l1MaximumWeight : l1MaximumSize;
      if (l1MinimumSize > bound) {
        throw new IllegalStateException("cache " + name + ": l1MinimumSize " + l1MinimumSize
            + " exceeds the L1 bound " + bound);
      }
      if (!refreshAfter.isZero()) {
        if (!l1Enabled) {
          throw new IllegalStateException("cache " + name + ": refreshAfter needs L1, which reads check for "
              + "the refresh time");
        }
        if (!l1ExpireAfterWrite.isZero() && refreshAfter.compareTo(l1ExpireAfterWrite) >= 0) {
          throw new IllegalStateException("cache " + name + ": refreshAfter " + refreshAfter + " must be "
              + "shorter than l1ExpireAfterWrite " + l1ExpireAfterWrite + ", or entries expire before any refresh");
        }
      }
      return new CacheConfig(this);
    }
  }
}
