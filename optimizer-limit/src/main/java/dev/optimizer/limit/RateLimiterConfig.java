package dev.optimizer.limit;

import dev.optimizer.core.Ticker;
import dev.optimizer.core.spi.Settings;
import dev.optimizer.core.support.Checks;
import dev.optimizer.limit.internal.LimitSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link RateLimiter} limits: its {@link Rate}, its burst, and for a Redis limiter the key prefix,
 * the {@link FailurePolicy} and the local "denied until" cache of hot keys. Immutable; build it with
 * {@link #custom()} or take {@link #ofDefaults()}.
 *
 * <p><b>Rate and burst.</b> The limiter is a GCRA (generic cell rate algorithm, the token bucket written as
 * one timestamp per key): permits are spaced {@code period / permits} apart, and {@code burst} calls may
 * come early. A fresh key admits {@code burst + 1} calls at once, then one per interval; any window of one
 * period admits at most {@code permits + burst} calls.
 */
public final class RateLimiterConfig {
  private final Rate rate;
  private final int burst;
  private final FailurePolicy failurePolicy;
  private final boolean deniedCache;
  private final int deniedCacheMaxKeys;
  private final String keyPrefix;
  private final @Nullable Ticker ticker;
  private final boolean rateSet;
  private final boolean burstSet;
  private final boolean policySet;

  private RateLimiterConfig(Builder b) {
    this.rateSet = b.rateSet;
    this.burstSet = b.burstSet;
    this.policySet = b.policySet;
    this.rate = b.rate;
    this.burst = b.burst;
    this.failurePolicy = b.failurePolicy;
    this.deniedCache = b.deniedCache;
    this.deniedCacheMaxKeys = b.deniedCacheMaxKeys;
    this.keyPrefix = b.keyPrefix;
    this.ticker = b.ticker;
  }

  /** 100 per second, burst 0, {@link FailurePolicy#FAIL_OPEN}, the denied-until cache on, system ticker. */
  public static RateLimiterConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder holding this configuration's values (the ones set explicitly stay explicit). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.rate = rate;
    b.burst = burst;
    b.failurePolicy = failurePolicy;
    b.deniedCache = deniedCache;
    b.deniedCacheMaxKeys = deniedCacheMaxKeys;
    b.keyPrefix = keyPrefix;
    b.ticker = ticker;
    b.rateSet = rateSet;
    b.burstSet = burstSet;
    b.policySet = policySet;
    return b;
  }

  /** The sustained rate. */
  public Rate rate() {
    return rate;
  }

  /** Calls admitted at once beyond the steady spacing (a fresh key admits {@code burst + 1}). */
  public int burst() {
    return burst;
  }

  /** What a Redis limiter answers when Redis cannot decide; ignored by a local limiter. */
  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  /**
   * Whether a Redis limiter remembers, per key, until when Redis said the key is over its rate, and
   * refuses locally until then without a round trip (hot keys). Ignored by a local limiter.
   */
  public boolean deniedCache() {
    return deniedCache;
  }

  /** Most keys the denied-until cache holds; beyond it expired entries are dropped, then the whole cache. */
  public int deniedCacheMaxKeys() {
    return deniedCacheMaxKeys;
  }

  /** Prefix of a Redis limiter's keys (default {@code optimizer:limit:}). */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** The ticker given to the builder, if any; else the module's, else {@link Ticker#system()}. */
  public Optional<Ticker> ticker() {
    return Optional.ofNullable(ticker);
  }

  @Override
  public String toString() {
    return "RateLimiterConfig{rate=" + rate + ", burst=" + burst + ", failurePolicy=" + failurePolicy
        + ", deniedCache=" + deniedCache + ", keyPrefix=" + keyPrefix + "}";
  }

  /** Builds a {@link RateLimiterConfig}; each setter checks its own argument. Not thread-safe. */
  public static final class Builder {
    private Rate rate = new Rate(100, Duration.ofSeconds(1));
    private int burst;
    private FailurePolicy failurePolicy = FailurePolicy.FAIL_OPEN;
    private boolean deniedCache = true;
    private int deniedCacheMaxKeys = 100_000;
    private String keyPrefix = "optimizer:limit:";
    private @Nullable Ticker ticker;
    private boolean rateSet;
    private boolean burstSet;
    private boolean policySet;

    private Builder() {}

    /** The sustained rate. */
    public Builder rate(Rate rate) {
      this.rate = Objects.requireNonNull(rate, "rate");
      this.rateSet = true;
      return this;
    }

    /**
     * The sustained rate as text, e.g. {@code "10/1m"}.
     *
     * @throws IllegalArgumentException if malformed (see {@link Rate#parse})
     */
    public Builder rate(String rate) {
      return rate(Rate.parse(rate));
    }

    /**
     * Calls admitted at once beyond the steady spacing, 0..1,000,000 (default 0).
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder burst(int burst) {
      this.burst = Checks.requireInRange(burst, 0, 1_000_000, "burst");
      this.burstSet = true;
      return this;
    }

    /** What a Redis limiter answers when Redis is unavailable (default {@link FailurePolicy#FAIL_OPEN}). */
    public Builder failurePolicy(FailurePolicy policy) {
      this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy");
      this.policySet = true;
      return this;
    }

    /** Whether a Redis limiter keeps the local denied-until cache of hot keys (default on). */
    public Builder deniedCache(boolean on) {
      this.deniedCache = on;
      return this;
    }

    /**
     * Most keys in the denied-until cache, 1..10,000,000 (default 100,000).
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder deniedCacheMaxKeys(int max) {
      this.deniedCacheMaxKeys = Checks.requireInRange(max, 1, 10_000_000, "deniedCacheMaxKeys");
      return this;
    }

    /**
     * Prefix of Redis keys (default {@code optimizer:limit:}); the limiter's name and the key follow it.
     *
     * @throws IllegalArgumentException if blank or holding a brace (keys are hash-tagged by the limiter)
     */
    public Builder keyPrefix(String prefix) {
      Checks.requireNonBlank(prefix, "keyPrefix");
      if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
        throw new IllegalArgumentException("keyPrefix must not hold '{' or '}' (the limiter hash-tags keys), was '"
            + prefix + "'");
      }
      this.keyPrefix = prefix;
      return this;
    }

    /** The time source of local decisions and waits (default: the module's, else {@link Ticker#system()}). */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Sets the ticker only when none was given explicitly (used by the module). */
    public Builder defaultTicker(Ticker ticker) {
      if (this.ticker == null) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
      }
      return this;
    }

    /**
     * Applies bound {@code optimizer.limit.<name>.rate}, {@code .burst} and {@code optimizer.limit.failure-policy}
     * to every value this builder did not set explicitly.
     *
     * @param name the limiter's name, the {@code <name>} segment
     */
    public Builder settings(Settings settings, String name) {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(name, "name");
      if (!rateSet) {
        settings.get(LimitSettings.RATE, name).ifPresent(r -> this.rate = r);
      }
      if (!burstSet) {
        settings.get(LimitSettings.BURST, name).ifPresent(b -> this.burst = b);
      }
      if (!policySet) {
        settings.get(LimitSettings.FAILURE_POLICY).ifPresent(p -> this.failurePolicy = p);
      }
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if {@code burst} intervals of the rate overflow a {@code long} of nanoseconds
     *     (about 292 years)
     */
    public RateLimiterConfig build() {
      if (burst > Long.MAX_VALUE / 2 / rate.intervalNanos()) {
        throw new IllegalStateException("burst " + burst + " at rate " + rate + " spans more than 292 years");
      }
      return new RateLimiterConfig(this);
    }
  }
}
