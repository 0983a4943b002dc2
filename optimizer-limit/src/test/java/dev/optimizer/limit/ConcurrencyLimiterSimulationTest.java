package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The known failure modes of gradient concurrency limiters (Netflix concurrency-limits, Envoy's adaptive
 * concurrency filter), each driven on a simulated clock against a service of known capacity (issue 16):
 * 10 workers, 100 ms per request, so 100 requests/s and 10 in flight at capacity.
 */
class ConcurrencyLimiterSimulationTest {
  private static final int SERVERS = 10;
  private static final long SERVICE = Duration.ofMillis(100).toNanos();
  private static final double CAPACITY = SERVERS * 1e9 / SERVICE;

  private final FakeTicker ticker = new FakeTicker();

  private ConcurrencyLimiter limiter() {
    return ConcurrencyLimiter.create("sim", ConcurrencyLimiterConfig.custom().ticker(ticker).seed(42)
        .initialLimit(20).limits(2, 1000).window(Duration.ofSeconds(1), 20).probeEvery(30).build());
  }

  @Test
  void limit_oneSlowAndOneLuckyOutlier_neitherCollapsesTheLimitNorBecomesTheNoLoadLatency() {
    ConcurrencyLimiter limiter = limiter();
    ServiceSimulation sim = new ServiceSimulation(ticker, limiter, SERVERS, t -> SERVICE);
    sim.run(60, 0.8 * CAPACITY);
    int before = limiter.limit();
    Duration noLoadBefore = limiter.stats().noLoadLatency();
    long outlierAt = sim.elapsedNanos() + Duration.ofSeconds(5).toNanos();
    // One request 300x slower (a GC pause, a cold connection) and the next one served from a cache in 1 us.
    sim.serviceNanos = t -> Math.abs(t - outlierAt) < 5_000_000 ? 30 * 1_000_000_000L
        : Math.abs(t - outlierAt - 20_000_000) < 5_000_000 ? 1_000 : SERVICE;
    ServiceSimulation.Phase after = sim.run(60, 0.8 * CAPACITY);

    assertThat(after.minLimit()).as("limit after the outliers (before: %d)", before)
        .isGreaterThanOrEqualTo((int) (0.9 * before));
    assertThat(limiter.stats().noLoadLatency().toNanos())
        .isBetween(noLoadBefore.toNanos() * 9 / 10, noLoadBefore.toNanos() * 11 / 10);
    assertThat(after.rejectionRate()).isLessThan(0.01);
  }

  @Test
  void limit_afterAnIncidentPushedItToTheFloor_recoversOnceLoadAndLatencySubside() {
    ConcurrencyLimiter limiter = limiter();
    ServiceSimulation sim = new ServiceSimulation(ticker, limiter, SERVERS, t -> SERVICE);
    sim.run(60, 0.5 * CAPACITY);
    // A dependency incident: five times slower for a minute, under the same offered load.
    sim.serviceNanos = t -> 5 * SERVICE;
    ServiceSimulation.Phase incident = sim.run(60, 0.5 * CAPACITY);
    assertThat(incident.minLimit()).as("the incident shrinks the limit").isLessThanOrEqualTo(SERVERS / 2);
    // The incident ends and the load returns to what the service handles comfortably.
    sim.serviceNanos = t -> SERVICE;
    sim.run(60, 0.8 * CAPACITY);
    ServiceSimulation.Phase settled = sim.run(60, 0.8 * CAPACITY);

    assertThat(settled.minLimit()).as("limit after recovery").isGreaterThanOrEqualTo(SERVERS);
    assertThat(settled.rejectionRate()).isLessThan(0.01);
  }

  @Test
  void limit_serviceSlowerForGood_reprobedNoLoadLatencyLiftsItOffTheFloor() {
    ConcurrencyLimiter limiter = limiter();
    ServiceSimulation sim = new ServiceSimulation(ticker, limiter, SERVERS, t -> SERVICE);
    sim.run(60, 0.5 * CAPACITY);
    assertThat(limiter.stats().noLoadLatency().toMillis()).isBetween(90L, 115L);
    // A new release is twice as slow: the old no-load latency would keep the gradient at 0.75 for ever.
    sim.serviceNanos = t -> 2 * SERVICE;
    sim.run(240, 0.3 * CAPACITY);
    ServiceSimulation.Phase settled = sim.run(120, 0.3 * CAPACITY);

    assertThat(limiter.stats().noLoadLatency().toMillis()).as("re-probed no-load latency").isBetween(180L, 230L);
    assertThat(settled.minLimit()).as("needs 0.3 x 100/s x 0.2 s = 6 in flight").isGreaterThanOrEqualTo(7);
    assertThat(settled.rejectionRate()).isLessThan(0.01);
    assertThat(limiter.stats().probes()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void limit_underModerateSustainedOverload_staysBoundedAndKeepsLatencyNearNoLoad() {
    ConcurrencyLimiter limiter = limiter();
    ServiceSimulation sim = new ServiceSimulation(ticker, limiter, SERVERS, t -> SERVICE);
    ServiceSimulation.Phase calm = sim.run(30, 0.3 * CAPACITY);
    sim.run(120, 1.5 * CAPACITY);
    ServiceSimulation.Phase middle = sim.run(240, 1.5 * CAPACITY);
    ServiceSimulation.Phase late = sim.run(240, 1.5 * CAPACITY);

    assertThat(late.maxLimit()).as("limit late in the overload").isLessThanOrEqualTo(SERVERS * 5 / 2);
    assertThat(late.maxLimit()).as("no upward drift").isLessThanOrEqualTo(middle.maxLimit() + 1);
    assertThat(late.percentile(0.99)).as("accepted p99 within 2x the no-load p99")
        .isLessThanOrEqualTo(2 * calm.percentile(0.99));
    assertThat(late.accepted() / 240.0).as("goodput, requests/s").isGreaterThan(0.85 * CAPACITY);
  }

  @Test
  void limit_callerSendsLittle_doesNotGrowWhileLessThanHalfIsInFlight() {
    ConcurrencyLimiter limiter = limiter();
    ServiceSimulation sim = new ServiceSimulation(ticker, limiter, SERVERS, t -> SERVICE);
    ServiceSimulation.Phase idle = sim.run(600, 0.2 * CAPACITY);

    assertThat(idle.maxLimit()).isLessThanOrEqualTo(20);
    assertThat(idle.rejected()).isZero();
  }

  @Test
  void probe_whileLatencyIsAboveTolerance_dropsToProbeLimitForOneWindowThenRestores_atJitteredIntervals() {
    ConcurrencyLimiter limiter = ConcurrencyLimiter.create("probe", ConcurrencyLimiterConfig.custom().ticker(ticker)
        .seed(3).initialLimit(20).limits(5, 1000).probeLimit(1).window(Duration.ofSeconds(1), 20).probeEvery(10)
        .build());
    ServiceSimulation sim = new ServiceSimulation(ticker, limiter, SERVERS, t -> SERVICE);
    int probesSeen = 0;
    int lastProbeEnd = -1;
    java.util.Set<Integer> gaps = new java.util.HashSet<>();
    boolean inProbe = false;
    for (int step = 0; step < 1500; step++) {
      sim.run(0.2, 1.5 * CAPACITY);
      int second = step / 5;
      boolean probing = limiter.limit() == 1;
      if (probing && !inProbe) {
        probesSeen++;
        if (lastProbeEnd >= 0) {
          gaps.add(second - lastProbeEnd);
        }
      }
      if (!probing && inProbe) {
        lastProbeEnd = second;
        assertThat(limiter.limit()).as("restored above the minimum limit, not the probe floor").isGreaterThanOrEqualTo(5);
      }
      inProbe = probing;
    }
    assertThat(probesSeen).isGreaterThanOrEqualTo(10);
    assertThat(gaps).as("jittered gaps between probes").hasSizeGreaterThan(2);
    assertThat(limiter.stats().probes()).isGreaterThanOrEqualTo(probesSeen);
  }

  @Test
  void probe_serviceHealthy_neverTaken() {
    ConcurrencyLimiter limiter = ConcurrencyLimiter.create("calm", ConcurrencyLimiterConfig.custom().ticker(ticker)
        .seed(3).probeEvery(2).window(Duration.ofSeconds(1), 20).build());
    ServiceSimulation sim = new ServiceSimulation(ticker, limiter, SERVERS, t -> SERVICE);
    ServiceSimulation.Phase calm = sim.run(300, 0.8 * CAPACITY);

    assertThat(limiter.stats().probes()).isZero();
    assertThat(calm.rejected()).isZero();
  }
}
