package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchConfigTest {
  @Test
  void ofDefaults_documentedValues() {
    BatchConfig c = BatchConfig.ofDefaults();
    assertThat(c.strategy()).isEqualTo(Strategy.ADAPTIVE);
    assertThat(c.batchSize()).isEqualTo(100);
    assertThat(c.maxWorkers()).isGreaterThanOrEqualTo(2);
    assertThat(c.maxConcurrency()).isEqualTo(c.maxWorkers());
    assertThat(c.queueFullPolicy()).isEqualTo(QueueFullPolicy.REJECT);
    assertThat(c.retryPolicy().maxAttempts()).isEqualTo(1);
  }

  @Test
  void setters_invalidArguments_rejectedNamingTheSetting() {
    BatchConfig.Builder b = BatchConfig.custom();
    assertThatThrownBy(() -> b.batchSize(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> b.maxWorkers(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWorkers");
    assertThatThrownBy(() -> b.queueCapacity(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> b.submitTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("submitTimeout");
    assertThatThrownBy(() -> b.strategy(Strategy.PIPELINE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PIPELINE");
    assertThatThrownBy(() -> b.name("has space")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_conflictingSettings_rejectedWithIllegalState() {
    assertThatThrownBy(() -> BatchConfig.custom().minBatchSize(10).maxBatchSize(5).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("minBatchSize");
    assertThatThrownBy(() -> BatchConfig.custom().maxWorkers(2).maxConcurrency(4).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxConcurrency");
    assertThatThrownBy(() -> RetryPolicy.custom().initialBackoff(Duration.ofSeconds(5)).maxBackoff(Duration.ofSeconds(1))
        .build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void backoffNanos_everyRetryAndRandom_withinJitterBandAndMaximum() {
    RetryPolicy p = RetryPolicy.custom().initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofSeconds(2))
        .multiplier(2).jitter(0.5).build();
    // Exhaustive over the domain the jqwik property sampled: retries 1..40, random 0.000..0.999.
    for (int retry = 1; retry <= 40; retry++) {
      long base = Math.min(Duration.ofSeconds(2).toNanos(), (long) (Duration.ofMillis(10).toNanos()
          * Math.pow(2, retry - 1)));
      for (int random = 0; random <= 999; random++) {
        long nanos = p.backoffNanos(retry, random / 1000.0);
        assertThat(nanos).as("retry %d random %d", retry, random)
            .isBetween(base / 2 - 1, Duration.ofSeconds(2).toNanos())
            .isLessThanOrEqualTo((long) (base * 1.5) + 1);
      }
    }
  }

  @Test
  void isRetryable_retryOnTypes_onlyThoseAndNeverErrors() {
    RetryPolicy p = RetryPolicy.custom().retryOn(java.io.IOException.class).build();
    assertThat(p.isRetryable(new java.io.IOException())).isTrue();
    assertThat(p.isRetryable(new IllegalStateException())).isFalse();
    assertThat(RetryPolicy.custom().build().isRetryable(new OutOfMemoryError())).isFalse();
  }
}
