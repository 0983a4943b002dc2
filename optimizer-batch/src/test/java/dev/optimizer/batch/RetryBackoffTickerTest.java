package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.testing.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A retry's backoff runs on the processor's Ticker: a fake ticker moves it, no test sleeps through it. */
class RetryBackoffTickerTest {
  @Test
  void retryBackoff_waitsForTheTicker_notForRealTime() {
    FakeTicker ticker = new FakeTicker();
    AtomicInteger calls = new AtomicInteger();
    try (BatchProcessor processor = BatchProcessor.create(BatchConfig.custom().ticker(ticker)
        .strategy(Strategy.SEQUENTIAL).build())) {
      JobHandle<Integer> h = processor.submit(Job.of(List.of(1, 2, 3), (List<Integer> batch) -> {
        if (calls.incrementAndGet() == 1) {
          throw new IllegalStateException("transient");
        }
        return batch;
      }).retryPolicy(RetryPolicy.custom().maxAttempts(2).initialBackoff(Duration.ofHours(1))
          .maxBackoff(Duration.ofHours(1)).jitter(0).build()).build());

      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
      ticker.advance(Duration.ofMinutes(59));
      // Still inside the hour of backoff on the ticker's clock: no retry yet, whatever real time passed.
      await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
      assertThat(h.status()).isEqualTo(JobStatus.RUNNING);

      ticker.advance(Duration.ofMinutes(1));
      JobResult<Integer> r = h.result().join();
      assertThat(r.isSuccess()).isTrue();
      assertThat(r.values()).containsExactly(1, 2, 3);
      assertThat(calls.get()).isEqualTo(2);
    }
  }
}
