package dev.optimizer.batch;

import static dev.optimizer.core.support.Checks.requireAtLeast;
import static dev.optimizer.core.support.Checks.requireNonNegative;

import dev.optimizer.core.support.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * When and how often a failed batch (or the failed items of a batch) is tried again. Immutable.
 *
 * <p>Attempt {@code n} (n = 1 is the first retry) waits {@code min(maxBackoff, initialBackoff *
 * multiplier^(n-1))}, randomised to within {@code ±jitter} of that (full jitter when 1.0) so that
 * retries of many batches do not arrive together. Only errors the policy {@link #isRetryable accepts}
 * are retried; the rest fail their items at once.
 */
public final class RetryPolicy {
  private static final RetryPolicy NONE = custom().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double multiplier;
  private final double jitter;
  private final Predicate<Throwable> retryOn;
  private final Backoff backoff;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.retryOn = b.retryOn;
    this.backoff = Backoff.exponential(initialBackoff, maxBackoff).withMultiplier(multiplier).withJitter(jitter);
  }

  /** One attempt, no retries. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** Defaults: 3 attempts, 100 ms initial backoff doubling up to 10 s, jitter 0.5, every {@link Exception}. */
  public static Builder custom() {
    return new Builder();
  }

  /** Attempts in total, including the first; at least 1. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Backoff before the first retry. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The longest backoff. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Growth factor of the backoff per retry; at least 1. */
  public double multiplier() {
    return multiplier;
  }

  /** Randomisation of each backoff, a fraction in [0, 1]. */
  public double jitter() {
    return jitter;
  }

  /** Whether {@code error} may be retried. Errors ({@link Error}) never are. */
  public boolean isRetryable(Throwable error) {
    return !(error instanceof Error) && retryOn.test(error);
  }

  /**
   * The backoff before retry {@code retry} (1 = first retry; 0 is read as 1), in nanoseconds, never above
   * {@link #maxBackoff()}. The arithmetic is {@link Backoff}'s, shared with the other modules' retry loops.
   *
   * @param random a value in [0, 1) used for the jitter
   * @throws IllegalArgumentException if {@code random} is outside [0, 1]
   */
  public long backoffNanos(int retry, double random) {
    return backoff.delayNanos(Math.max(1, retry), random);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
        + maxBackoff + ", multiplier=" + multiplier + ", jitter=" + jitter + "}";
  }

  /** Builds a {@link RetryPolicy}; each setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private double multiplier = 2.0;
    private double jitter = 0.5;
    private Predicate<Throwable> retryOn = e -> e instanceof Exception;
    private final List<Class<? extends Throwable>> types = new ArrayList<>();

    private Builder() {}

    /** Attempts in total including the first; {@code >= 1}. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = requireAtLeast(attempts, 1, "maxAttempts");
      return this;
    }

    /** Backoff before the first retry; zero or positive. */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = requireNonNegative(backoff, "initialBackoff");
      return this;
    }

    /** The longest backoff; zero or positive. */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = requireNonNegative(backoff, "maxBackoff");
      return this;
    }

    /** Backoff growth per retry; {@code >= 1}. */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be a finite number >= 1, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** Randomisation of each backoff in [0, 1]; 0 disables jitter. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Retry only errors that are instances of one of these types (replaces the default "every
     * Exception"); may be called several times to add types.
     */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      for (Class<? extends Throwable> t : types) {
        this.types.add(Objects.requireNonNull(t, "type"));
      }
      List<Class<? extends Throwable>> copy = List.copyOf(this.types);
      this.retryOn = e -> copy.stream().anyMatch(t -> t.isInstance(e));
      return this;
    }

    /** Retry the errors this predicate accepts (replaces {@link #retryOn(Class[])}). */
    public Builder retryIf(Predicate<Throwable> predicate) {
      this.retryOn = Objects.requireNonNull(predicate, "predicate");
      this.types.clear();
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalStateException if {@code initialBackoff > maxBackoff}
     */
    public RetryPolicy build() {
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalStateException("initialBackoff " + initialBackoff + " exceeds maxBackoff " + maxBackoff);
      }
      return new RetryPolicy(this);
    }
  }
}
