package dev.optimizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.internal.OshiSampleSource;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SystemMonitorTest {

  @Test
  void sampleNow_realOshiOnThisMachine_plausibleFigures() throws Exception {
    SystemMonitor monitor = new SystemMonitor(new OshiSampleSource(Ticker.system()), Duration.ofSeconds(1), 10);
    monitor.sampleNow();
    // Burn a little CPU and allocate so the second sample has deltas to report.
    long sink = 0;
    long end = System.nanoTime() + 300_000_000L;
    while (System.nanoTime() < end) {
      sink += new byte[1024].length;
    }
    assertThat(sink).isPositive();
    SystemSnapshot s = monitor.sampleNow();

    assertThat(s.samples()).isEqualTo(2);
    assertThat(s.metrics().keySet()).contains(SystemMetric.SYSTEM_CPU, SystemMetric.PROCESS_CPU,
        SystemMetric.MEMORY_USED, SystemMetric.SWAP_USED, SystemMetric.DISK_READ_RATE,
        SystemMetric.NETWORK_RECEIVE_RATE, SystemMetric.HEAP_USED, SystemMetric.GC_TIME);
    assertThat(s.current(SystemMetric.SYSTEM_CPU)).isBetween(0.0, 1.0);
    assertThat(s.current(SystemMetric.PROCESS_CPU)).as("we just burnt CPU").isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    assertThat(s.current(SystemMetric.MEMORY_USED)).as("some memory is in use").isGreaterThan(0.0).isLessThan(1.0);
    assertThat(s.current(SystemMetric.HEAP_USED)).isGreaterThan(0.0).isLessThan(1.0);
    assertThat(s.current(SystemMetric.DISK_READ_RATE)).isGreaterThanOrEqualTo(0.0);
    assertThat(s.current(SystemMetric.NETWORK_SEND_RATE)).isGreaterThanOrEqualTo(0.0);
    assertThat(s.current(SystemMetric.GC_TIME)).isBetween(0.0, 1.0);
    assertThat(monitor.failures()).isZero();
  }

  @Test
  void start_thenClose_samplerThreadRunsThenStops() {
    ScriptedSampleSource source = new ScriptedSampleSource().set(SystemMetric.SYSTEM_CPU, 0.5);
    SystemMonitor monitor = new SystemMonitor(source, Duration.ofMillis(20), 5);
    monitor.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().samples() >= 3);
    assertThat(threadNames()).contains("optimizer-core-monitor-1");
    assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("optimizer-core-monitor-1")).allMatch(Thread::isDaemon)).isTrue();

    monitor.close();
    assertThat(monitor.isRunning()).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> !threadNames().contains("optimizer-core-monitor-1"));
  }

  @Test
  void sampleNow_failingSource_countedAndPreviousSnapshotKept() {
    int[] calls = {0};
    SystemMonitor monitor = new SystemMonitor(() -> {
      if (calls[0]++ == 1) {
        throw new IllegalStateException("sensor gone");
      }
      return new ScriptedSampleSource().set(SystemMetric.SYSTEM_CPU, 0.3).sample();
    }, Duration.ofSeconds(1), 5);
    SystemSnapshot first = monitor.sampleNow();
    try {
      monitor.sampleNow();
    } catch (IllegalStateException expected) {
      assertThat(expected).hasMessage("sensor gone");
    }
    assertThat(monitor.failures()).isEqualTo(1);
    assertThat(monitor.snapshot()).isSameAs(first);
  }

  static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
