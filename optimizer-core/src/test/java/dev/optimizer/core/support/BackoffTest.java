package dev.optimizer.core.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// Issue 12: one backoff in place of the loops of TierSlot, CircuitBreaker, SharedSubscriber and RetryPolicy.
class BackoffTest {
  private static final long MS = 1_000_000L;

  @ParameterizedTest(name = "attempt {0} -> {1} ms")
  @CsvSource({"1, 100", "2, 200", "3, 400", "4, 800", "5, 1600", "6, 3000", "7, 3000", "1000, 3000",
      "2147483647, 3000"})
  void delayNanos_noJitter_doublesFromInitialUpToMax(int attempt, long expectedMillis) {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(3));
    assertThat(b.delayNanos(attempt)).isEqualTo(expectedMillis * MS);
    assertThat(b.baseNanos(attempt)).isEqualTo(expectedMillis * MS);
    assertThat(b.delay(attempt)).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @ParameterizedTest(name = "attempt {0} -> {1} ms")
  @CsvSource({"1, 10", "2, 30", "3, 90", "4, 270", "5, 500"})
  void delayNanos_multiplierThree_growsByThree(int attempt, long expectedMillis) {
    Backoff b = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(500)).withMultiplier(3);
    assertThat(b.delayNanos(attempt)).isEqualTo(expectedMillis * MS);
  }

  @Test
  void delayNanos_multiplierOne_constant() {
    Backoff b = Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(1)).withMultiplier(1);
    assertThat(b.delayNanos(1)).isEqualTo(b.delayNanos(50)).isEqualTo(10 * MS);
  }

  @Test
  void delayNanos_zeroInitial_alwaysZero() {
    Backoff b = Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)).withJitter(1);
    assertThat(b.delayNanos(1, 0.9)).isZero();
    assertThat(b.delayNanos(Integer.MAX_VALUE, 0.9)).isZero();
  }

  @Test
  void delayNanos_symmetricJitter_bandEndsAndCappedAtMax() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofMillis(1000)).withJitter(0.5);
    assertThat(b.delayNanos(1, 0.0)).isEqualTo(50 * MS);
    assertThat(b.delayNanos(1, 0.5)).isEqualTo(100 * MS);
    assertThat(b.delayNanos(1, 1.0)).isEqualTo(150 * MS);
    // Base 800 ms: the band's top, 1200 ms, is above the cap.
    assertThat(b.delayNanos(4, 0.0)).isEqualTo(400 * MS);
    assertThat(b.delayNanos(4, 1.0)).isEqualTo(1000 * MS);
    assertThat(b.delayNanos(30, 0.0)).isEqualTo(500 * MS);
  }

  @Test
  void delayNanos_jitterBelowOnly_neverAboveBase() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)).withJitter(0.5, 0);
    assertThat(b.delayNanos(2, 0.0)).isEqualTo(100 * MS);
    assertThat(b.delayNanos(2, 0.5)).isEqualTo(150 * MS);
    assertThat(b.delayNanos(2, 1.0)).isEqualTo(200 * MS);
  }

  @Test
  void delayNanos_seededRandom_repeatableAndWithinBand() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(30)).withJitter(0.3)
        .withRandom(new Random(42));
    Random same = new Random(42);
    for (int attempt = 1; attempt <= 20; attempt++) {
      long base = b.baseNanos(attempt);
      long expected = (long) Math.min(30_000 * MS, base * (0.7 + 0.6 * same.nextDouble()));
      long d = b.delayNanos(attempt);
      assertThat(d).as("attempt %d", attempt).isEqualTo(expected)
          .isBetween((long) (base * 0.7) - 1, Math.min(30_000 * MS, (long) (base * 1.3) + 1));
    }
  }

  @Test
  void delayNanos_manySeededDraws_spreadOverTheWholeBand() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).withJitter(0.5)
        .withRandom(new SplittableRandom(7));
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 10_000; i++) {
      long d = b.delayNanos(1);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertThat(min).isBetween(50 * MS, 51 * MS);
    assertThat(max).isBetween(149 * MS, 150 * MS);
  }

  @Test
  void delayNanos_noJitter_drawsNoRandomNumber() {
    Random random = new Random(1);
    Backoff b = Backoff.exponential(Duration.ofMillis(1), Duration.ofSeconds(1)).withRandom(random);
    b.delayNanos(3);
    assertThat(random.nextInt()).isEqualTo(new Random(1).nextInt());
  }

  @Test
  void withMethods_returnCopies_originalUnchanged() {
    Backoff plain = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));
    Backoff jittered = plain.withJitter(1).withMultiplier(4);
    assertThat(jittered).isNotSameAs(plain);
    assertThat(plain.multiplier()).isEqualTo(2.0);
    assertThat(plain.delayNanos(2)).isEqualTo(200 * MS);
    assertThat(jittered.baseNanos(2)).isEqualTo(400 * MS);
    assertThat(plain.initial()).isEqualTo(Duration.ofMillis(100));
    assertThat(plain.max()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void exponential_hugeMax_saturatesInsteadOfOverflowing() {
    Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(b.delayNanos(Integer.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void arguments_outOfDomain_throwIllegalArgumentNamingThem() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
    Backoff b = Backoff.exponential(Duration.ofMillis(1), Duration.ofSeconds(1));
    assertThatThrownBy(() -> b.withMultiplier(0.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> b.withMultiplier(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.withMultiplier(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.withJitter(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> b.withJitter(0, -0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.delayNanos(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt");
    assertThatThrownBy(() -> b.delayNanos(1, 1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("random");
    assertThatThrownBy(() -> b.withRandom(null)).isInstanceOf(NullPointerException.class);
  }
}
