package dev.optimizer.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.testing.FakeTicker;
import dev.optimizer.redis.internal.CircuitBreaker.State;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on a fake ticker: no sleeping. */
class CircuitBreakerTest {
  private final FakeTicker ticker = new FakeTicker();
  private final CircuitBreaker breaker = new CircuitBreaker("test", 3, Duration.ofMillis(100),
      Duration.ofMillis(400), ticker);
  private final RuntimeException down = new RuntimeException("down");

  private void advance(long millis) {
    ticker.advance(Duration.ofMillis(millis));
  }

  @Test
  void onFailure_belowThreshold_staysClosed() {
    breaker.onFailure(down);
    breaker.onFailure(down);
    breaker.onSuccess();
    breaker.onFailure(down);
    breaker.onFailure(down);

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void onFailure_thresholdConsecutive_opensAndRejectsUntilProbeTime() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(down);
    }

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    advance(99);
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.rejected()).isEqualTo(2);
    assertThat(breaker.outages()).isEqualTo(1);
  }

  // Regression: a call admitted before the circuit opened completed after the SIGKILL and closed the
  // circuit, so one restart counted as two outages (RedisTierOutageTest, flaky).
  @Test
  void onSuccess_stragglerWhileOpen_keepsCircuitOpen() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(down);
    }
    breaker.onSuccess();

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.outages()).isEqualTo(1);
  }

  @Test
  void probe_onlyOneCallerGetsIt_andSuccessCloses() {
    AtomicInteger prepared = new AtomicInteger();
    breaker.beforeProbe(prepared::incrementAndGet);
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(down);
    }
    advance(100);

    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    breaker.onSuccess();

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(prepared).hasValue(1);
  }

  @Test
  void probe_failing_reopensWithDoublingBackoffCappedAtMax() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(down);
    }
    long[] expectedWaits = {200, 400, 400};
    advance(100);
    for (long wait : expectedWaits) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onFailure(down);
      assertThat(breaker.state()).isEqualTo(State.OPEN);
      advance(wait - 1);
      assertThat(breaker.tryAcquire()).as("before %d ms", wait).isFalse();
      advance(1);
    }
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onSuccess();
    assertThat(breaker.outages()).isEqualTo(1);

    for (int i = 0; i < 3; i++) {
      breaker.onFailure(down);
    }
    advance(100);
    assertThat(breaker.tryAcquire()).as("backoff reset after recovery").isTrue();
  }

  @Test
  void forceOpen_closedBreaker_opensAtOnce() {
    breaker.forceOpen(down);

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void onInconclusive_probeFoundPoolBusy_nextCallerProbesInsteadOfStayingHalfOpen() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(down);
    }
    advance(100);
    assertThat(breaker.tryAcquire()).as("the probe").isTrue();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);

    breaker.onInconclusive(); // the probe could not borrow a connection: it proved nothing

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.tryAcquire()).as("the next caller probes at once").isTrue();
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.outages()).isEqualTo(1);
  }

  @Test
  void onInconclusive_whileClosed_changesNothing() {
    breaker.onFailure(down);
    breaker.onInconclusive();
    breaker.onFailure(down);

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }
}
