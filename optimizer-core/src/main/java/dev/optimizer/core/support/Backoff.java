package dev.optimizer.core.support;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The one exponential backoff of the project's modules: the wait before attempt {@code n} (1 = the first
 * wait after the first failure) is {@code min(max, initial * multiplier^(n-1))}, then randomised into
 * {@code [base * (1 - below), base * (1 + above)]} and capped at {@code max} again, so a jittered wait never
 * exceeds the maximum. Supported for the project's modules.
 *
 * <p>Immutable and thread-safe; the {@code with...} methods return copies. It holds no attempt count:
 * callers keep their own (a failure counter, a retry number) and ask {@link #delayNanos(int)} for it, so
 * one instance serves any number of concurrent retry loops. Times are nanoseconds, the unit of
 * {@link dev.optimizer.core.Ticker}.
 *
 * <p>The random source is {@link ThreadLocalRandom} unless {@link #withRandom(RandomGenerator)} gives one
 * (a seeded one makes tests deterministic).
 */
public final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private final double multiplier;
  private final double jitterBelow;
  private final double jitterAbove;
  private final @Nullable RandomGenerator random;

  private Backoff(long initialNanos, long maxNanos, double multiplier, double jitterBelow, double jitterAbove,
      @Nullable RandomGenerator random) {
    this.initialNanos = initialNanos;
    this.maxNanos = maxNanos;
    this.multiplier = multiplier;
    this.jitterBelow = jitterBelow;
    this.jitterAbove = jitterAbove;
    this.random = random;
  }

  /**
   * A backoff doubling from {@code initial} up to {@code max}, without jitter.
   *
   * @param initial the first wait, zero or positive
   * @param max the longest wait, at least {@code initial}
   * @throws IllegalArgumentException if {@code initial} is negative or {@code max} is below it
   * @throws NullPointerException if either is null
   */
  public static Backoff exponential(Duration initial, Duration max) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative()) {
      throw new IllegalArgumentException("initial backoff must not be negative, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is below the initial " + initial);
    }
    return new Backoff(saturatedNanos(initial), saturatedNanos(max), 2.0, 0, 0, null);
  }

  /**
   * A copy growing by {@code multiplier} per attempt instead.
   *
   * @param multiplier a finite number, at least 1 (1 is a constant wait)
   * @throws IllegalArgumentException otherwise
   */
  public Backoff withMultiplier(double multiplier) {
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be a finite number >= 1, was " + multiplier);
    }
    return new Backoff(initialNanos, maxNanos, multiplier, jitterBelow, jitterAbove, random);
  }

  /**
   * A copy whose waits are randomised to within {@code ±fraction} of the base wait (then capped at the
   * maximum): {@code 0.5} spreads a 100 ms wait over 50 to 150 ms.
   *
   * @param fraction in [0, 1]; 0 turns jitter off
   * @throws IllegalArgumentException otherwise
   */
  public Backoff withJitter(double fraction) {
    return withJitter(fraction, fraction);
  }

  /**
   * A copy whose waits are randomised into {@code [base * (1 - below), base * (1 + above)]} (then capped
   * at the maximum): {@code withJitter(0.5, 0)} spreads a 100 ms wait over 50 to 100 ms.
   *
   * @param below in [0, 1]
   * @param above in [0, 1]
   * @throws IllegalArgumentException if either is outside [0, 1]
   */
  public Backoff withJitter(double below, double above) {
    checkFraction("jitter below", below);
    checkFraction("jitter above", above);
    return new Backoff(initialNanos, maxNanos, multiplier, below, above, random);
  }

  /**
   * A copy drawing its jitter from {@code random} instead of {@link ThreadLocalRandom}; it must be
   * thread-safe if several threads ask for delays (e.g. {@link java.util.Random}), and a seeded one makes
   * the delays repeatable.
   *
   * @throws NullPointerException if {@code random} is null
   */
  public Backoff withRandom(RandomGenerator random) {
    return new Backoff(initialNanos, maxNanos, multiplier, jitterBelow, jitterAbove,
        Objects.requireNonNull(random, "random"));
  }

  /** The first wait, without jitter. */
  public Duration initial() {
    return Duration.ofNanos(initialNanos);
  }

  /** The longest wait, jitter included. */
  public Duration max() {
    return Duration.ofNanos(maxNanos);
  }

  /** Growth per attempt, at least 1. */
  public double multiplier() {
    return multiplier;
  }

  /**
   * The wait before attempt {@code attempt} without jitter, in nanoseconds: {@code min(max, initial *
   * multiplier^(attempt-1))}. Never overflows: large attempts give {@code max}.
   *
   * @param attempt 1 for the first wait
   * @throws IllegalArgumentException if {@code attempt < 1}
   */
  public long baseNanos(int attempt) {
    return (long) base(attempt);
  }

  /**
   * The jittered wait before attempt {@code attempt}, in nanoseconds, in [0, max], drawing one number
   * from this backoff's random source (none when it has no jitter).
   *
   * @param attempt 1 for the first wait
   * @throws IllegalArgumentException if {@code attempt < 1}
   */
  public long delayNanos(int attempt) {
    if (jitterBelow == 0 && jitterAbove == 0) {
      return baseNanos(attempt);
    }
    RandomGenerator r = random != null ? random : ThreadLocalRandom.current();
    return delayNanos(attempt, r.nextDouble());
  }

  /**
   * The jittered wait before attempt {@code attempt}, in nanoseconds, in [0, max], for a given random
   * number: 0 gives the bottom of the jitter band, values towards 1 its top.
   *
   * @param attempt 1 for the first wait
   * @param random a value in [0, 1]
   * @throws IllegalArgumentException if {@code attempt < 1} or {@code random} is outside [0, 1]
   */
  public long delayNanos(int attempt, double random) {
    if (!(random >= 0 && random <= 1)) {
      throw new IllegalArgumentException("random must be in [0, 1], was " + random);
    }
    double factor = 1.0 - jitterBelow + (jitterBelow + jitterAbove) * random;
    return (long) Math.max(0, Math.min(maxNanos, base(attempt) * factor));
  }

  /** {@link #delayNanos(int)} as a {@link Duration}. */
  public Duration delay(int attempt) {
    return Duration.ofNanos(delayNanos(attempt));
  }

  @Override
  public String toString() {
    return "Backoff{" + initial() + ".." + max() + ", x" + multiplier + ", jitter -" + jitterBelow + "/+"
        + jitterAbove + "}";
  }

  private double base(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    }
    if (initialNanos == 0) {
      return 0; // 0 * infinity would be NaN
    }
    // In doubles: pow overflows to infinity rather than wrapping, and min brings it back to max.
    return Math.min(initialNanos * Math.pow(multiplier, attempt - 1), maxNanos);
  }

  private static void checkFraction(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
    }
  }

  // Durations past ~292 years do not fit in a long of nanoseconds; such a cap means "no cap".
  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
