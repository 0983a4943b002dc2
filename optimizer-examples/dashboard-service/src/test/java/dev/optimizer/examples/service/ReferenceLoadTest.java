package dev.optimizer.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.redis.testing.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The full reference load test ({@code -Pload}): both sides in one run, each over two replicas, at every
 * arrival rate of {@code ref.load.rates} (req/s, default 5 to 2560) for {@code ref.load.seconds} (default 20)
 * each, or longer at low rates so that each rate sends at least {@code ref.load.min-requests} (default 600:
 * a p95 of fewer requests rests on a handful of them); writes {@code target/reference-load/report.md} and {@code latency.png}. A side stops
 * climbing after two rates it could not sustain. Before the ladder each side gets the same warm-up,
 * {@code ref.load.warmup-rate} (default 40 req/s, which both sides sustain) for {@code ref.load.warmup-seconds}
 * (default 30). Measures; asserts only that the run completed.
 */
@Tag("load")
class ReferenceLoadTest {
  static final Path OUT = Path.of("target", "reference-load");

  @Test
  void optimizerOnAndOffAtSeveralArrivalRates() throws Exception {
    double[] rates = Arrays.stream(System.getProperty("ref.load.rates", "5,10,20,40,80,160,320,640,960,1280,1920,2560").split(","))
        .mapToDouble(Double::parseDouble).toArray();
    Duration step = Duration.ofSeconds(Long.getLong("ref.load.seconds", 20));
    double warmupRate = Double.parseDouble(System.getProperty("ref.load.warmup-rate", "40"));
    Duration warmup = Duration.ofSeconds(Long.getLong("ref.load.warmup-seconds", 30));
    int stalenessSamples = Integer.getInteger("ref.load.staleness-samples", 200);
    long minRequests = Long.getLong("ref.load.min-requests", 600);
    Files.createDirectories(OUT);
    List<LoadReport.Row> rows = new ArrayList<>();
    List<LoadReport.SideFacts> facts = new ArrayList<>();
    List<String> loads = new ArrayList<>();
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      for (boolean optimizer : new boolean[] {false, true}) {
        try (ReferenceDeployment d = ReferenceDeployment.start(optimizer, redis.url(), OUT, List.of())) {
          loads.add(d.side() + ": " + uptime() + "; " + IdleWakeUp.describe(30, 50));
          // First visit of every page, then the same warm-up load on both sides: without it the lowest rates
          // measure the JIT compiling each side's code rather than the side.
          double cold = d.queriesPerBatchPage(0, 100);
          OpenLoopLoad.run(d.load, warmupRate, warmup, ReferenceDeployment.requestTimeout.plusSeconds(5), d::mix);
          double warm = d.queriesPerBatchPage(0, 20);
          int unsustained = 0;
          for (double rate : rates) {
            long q0 = d.queries();
            long r0 = d.redisCommands();
            Duration length = Duration.ofSeconds(Math.max(step.toSeconds(), (long) Math.ceil(minRequests / rate)));
            OpenLoopLoad.Outcome o = OpenLoopLoad.run(d.load, rate, length, ReferenceDeployment.requestTimeout.plusSeconds(5), d::mix);
            long q1 = d.queries();
            long r1 = d.redisCommands();
            LoadReport.Row row = new LoadReport.Row(d.side(), rate, o.throughput(), o.sent(), o.errors(),
                o.millis(50), o.millis(95), o.millis(99), (q1 - q0) / (double) o.sent(),
                (r1 - r0 - 2) / (double) o.sent(), d.heapUsed() >> 20, o.millisByEndpoint(95), o.sendLagMillis(99));
            rows.add(row);
            System.out.printf(Locale.ROOT, "%s %.0f/s: %s first errors %s%n", d.side(), rate, row, o.firstErrors());
            unsustained = row.sustained() ? 0 : unsustained + 1;
            if (unsustained == 2) {
              break;
            }
            Thread.sleep(2_000);
          }
          List<Long> stale = d.staleness(stalenessSamples, Duration.ofSeconds(5), optimizer ? 2 : 3);
          long[] seen = stale.stream().filter(v -> v >= 0).mapToLong(Long::longValue).sorted().toArray();
          facts.add(new LoadReport.SideFacts(d.side(), cold, warm, percentile(seen, 50), percentile(seen, 99),
              stalenessSamples - seen.length, stalenessSamples));
        }
      }
    }
    String setup = String.format(Locale.ROOT, "Two replicas (two JVMs, -Xmx512m, Hikari pool 10 each) of "
        + "optimizer-examples/dashboard-service on one private redis-server and the local PostgreSQL; open-loop "
        + "constant arrival rate, latency from each request's intended send time (coordinated omission "
        + "corrected, HdrHistogram), %d s per rate (at least %d requests: longer at low rates), requests alternating between the replicas; mix: 50%% "
        + "/api/batches, 25%% /api/auth/verify, 15%% /api/users/{id}, 5%% /api/settings, 5%% /api/report. "
        + "Send lag: how late the generator sent (it parks, then spins the last 2 ms at most, and writes each "
        + "request itself to an idle keep-alive connection; one selector thread reads the answers), already "
        + "included in every latency. "
        + "Sustained = under 1%% errors and at least 95%% of the offered rate answered. Staleness: rename "
        + "through A, poll B every ms until it reads the new name.", step.toSeconds(), minRequests);
    String report = LoadReport.markdown(rows, facts.get(0), facts.get(1), String.join("; ", loads), setup);
    Files.writeString(OUT.resolve("report.md"), report);
    LoadReport.chart(rows, OUT.resolve("latency.png"));
    System.out.println(report);
    assertThat(rows).isNotEmpty();
  }

  private static double percentile(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
  }

  static String uptime() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
