package dev.optimizer.bench.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short overload run (issue 16): behaviour, not timings. At 4x capacity no limiter lets latency grow with
 * the backlog, while the adaptive limiter sheds the excess and keeps the accepted requests' latency near the
 * service's own and the service busy.
 */
class OverloadExperimentTest {
  @org.junit.jupiter.api.BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  @Test
  void fourTimesCapacity_adaptiveShedsAndKeepsLatency_noLimiterQueuesWithoutBound(@TempDir Path dir) throws Exception {
    OverloadExperiment experiment = new OverloadExperiment(8, Duration.ofMillis(20), Duration.ofSeconds(2),
        Duration.ofSeconds(3));
    OverloadRow calm = experiment.run("none", 0.5);
    OverloadRow flooded = experiment.run("none", 4.0);
    OverloadRow adaptive = experiment.run("adaptive", 4.0);

    assertThat(flooded.rejected()).isZero();
    assertThat(flooded.p99Millis()).as("no limiter: p99 grows with the backlog").isGreaterThan(10 * calm.p99Millis());
    assertThat(adaptive.rejectionRate()).as("sheds about three quarters").isBetween(0.5, 0.95);
    assertThat(adaptive.p99Millis()).isLessThan(flooded.p99Millis() / 5);
    assertThat(adaptive.goodputPerSecond()).as("keeps the service busy").isGreaterThan(0.5 * experiment.capacity());
    assertThat(adaptive.goodputPerSecond()).isGreaterThan(2 * flooded.goodputPerSecond());

    List<OverloadRow> rows = List.of(calm, flooded, adaptive);
    OverloadReport.charts(rows, dir);
    assertThat(OverloadReport.markdown(experiment, rows)).contains("| adaptive | 4.0x |").contains("| none | 0.5x |");
    assertThat(Files.size(dir.resolve("overload-p99.png"))).isPositive();
    assertThat(Files.size(dir.resolve("overload-goodput.png"))).isPositive();
  }

  @Test
  void redisCommandCount_oursSendsOneEvalshaPerDecision_bucket4jTwoCommands() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(RedisCommandCount.serverInstalled() || "true".equals(System.getenv("CI")),
        "no redis-server binary");
    List<RedisCommandCount.Count> counts = RedisCommandCount.measure(300);
    assertThat(counts.get(0).impl()).isEqualTo("OPTIMIZER_REDIS");
    assertThat(counts.get(0).sent()).containsExactly(java.util.Map.entry("evalsha", 300L));
    assertThat(counts.get(1).impl()).isEqualTo("BUCKET4J_JEDIS");
    assertThat(counts.get(1).sentPerDecision()).isGreaterThanOrEqualTo(2.0);
  }
}
