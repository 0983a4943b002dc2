package dev.optimizer.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.redis.testing.RedisServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short version of the reference load test (default build and CI): two replicas over one Redis (a
 * private redis-server, so its command counts are the service's alone) and PostgreSQL, about 20 s of
 * open-loop load per side, then the invariants. Behaviour only: no timing is asserted.
 */
class ReferenceServiceCheckTest {
  static final Path LOGS = Path.of("target", "reference-check");
  static RedisServerProcess redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void optimizerOnKeepsEveryInvariantAcrossTwoReplicas() throws Exception {
    try (ReferenceDeployment d = ReferenceDeployment.start(true, redis.url(), LOGS, List.of())) {
      // First visits of pages: the lookups coalesce into bulk queries.
      assertThat(d.queriesPerBatchPage(50, 60)).as("SQL statements per /api/batches, first visits")
          .isLessThanOrEqualTo(50);
      OpenLoopLoad.Outcome load = OpenLoopLoad.run(d.load, 5, Duration.ofSeconds(20), Duration.ofSeconds(90),
          d::mix);
      assertThat(load.errors()).as("errors under load, optimizer on (%s sent): %s", load.sent(), load.firstErrors()).isZero();

      // The N+1 page: coalesced and cached, a few queries at most once the caches hold the page's rows.
      d.queriesPerBatchPage(0, 10);
      assertThat(d.queriesPerBatchPage(0, 10)).as("SQL statements per /api/batches, warm").isLessThanOrEqualTo(3);

      // A token verified once is not verified again within its TTL, on this replica or the other.
      long q0 = d.queries();
      assertThat(d.send(ReferenceDeployment.post(d.a, "/api/auth/verify", "{\"token\":\"tok-19999\"}"))
          .statusCode()).isEqualTo(200);
      assertThat(d.send(ReferenceDeployment.post(d.b, "/api/auth/verify", "{\"token\":\"tok-19999\"}"))
          .statusCode()).isEqualTo(200);
      assertThat(d.queries() - q0).as("queries for two verifications of one token").isEqualTo(1);
      assertThat(d.send(ReferenceDeployment.post(d.a, "/api/auth/verify", "{\"token\":\"nope\"}"))
          .statusCode()).isEqualTo(401);

      // A token revoked through A is rejected by A at once and by B as soon as the invalidation reaches it:
      // both hold its verification for 10 minutes, so without the invalidation B would accept it that long.
      ReferenceDeployment.restoreToken("tok-19998");
      assertThat(verify(d, d.a, "tok-19998")).isEqualTo(200);
      assertThat(verify(d, d.b, "tok-19998")).isEqualTo(200);
      assertThat(d.send(ReferenceDeployment.delete(d.a, "/api/auth/tokens/tok-19998")).statusCode()).isEqualTo(204);
      assertThat(verify(d, d.a, "tok-19998")).as("A right after revoking").isEqualTo(401);
      assertThat(awaitStatus(d, d.b, "tok-19998", 401, Duration.ofSeconds(10)))
          .as("B's answers to the revoked token for up to 10 s").endsWith(401);
      assertThat(d.send(ReferenceDeployment.delete(d.a, "/api/auth/tokens/no-such-token")).statusCode())
          .isEqualTo(404);

      // Settings are loaded once per replica.
      d.send(ReferenceDeployment.get(d.a, "/api/settings"));
      long q1 = d.queries();
      d.send(ReferenceDeployment.get(d.a, "/api/settings"));
      assertThat(d.queries() - q1).as("queries of a second /api/settings").isZero();

      // The starter's actuator endpoint answers on both replicas.
      assertThat(d.send(ReferenceDeployment.get(d.a, "/actuator/optimizer")).statusCode()).isEqualTo(200);
      assertThat(d.send(ReferenceDeployment.get(d.b, "/actuator/optimizer")).body()).contains("ref-users");

      // The report is stored compressed.
      HttpResponse<String> report = d.send(ReferenceDeployment.get(d.b, "/api/report"));
      assertThat(report.statusCode()).isEqualTo(200);
      assertThat(report.body()).startsWith("{\"batches\":[").endsWith("]}");
      long stored = Long.parseLong(report.headers().firstValue("X-Stored-Bytes").orElseThrow());
      assertThat(stored).as("stored report bytes vs %d JSON bytes", report.body().length())
          .isLessThan(report.body().length() / 3);

      // Per-client rate limit, one budget for both replicas: 40 quick calls by one client, alternating A and B,
      // are admitted 11 times (burst 10 + 1) plus one per 2 s the calls took; a per-replica limit would admit
      // at least 22. Another client is still served.
      long began = System.nanoTime();
      List<Integer> burst = burst(d, "client-x", 40);
      long tookSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + 1;
      assertThat(burst).as("statuses of 40 quick calls by one client").contains(200, 429);
      assertThat(burst.stream().filter(s -> s == 200).count()).as("calls admitted over both replicas in %d s: %s",
          tookSeconds, burst).isLessThanOrEqualTo(11 + (tookSeconds + 1) / 2);
      assertThat(burst(d, "client-y", 1)).containsExactly(200);

      // An invalidation through A reaches B (B had the old value cached: without it B would serve it 10 min).
      List<Long> stale = d.staleness(20, Duration.ofSeconds(10), 1);
      assertThat(stale).as("ns until B read A's rename (-1: never)").doesNotContain(-1L);

      // A job started on A is read and streamed on B, and both replicas work on it.
      HttpResponse<String> started = d.send(ReferenceDeployment.post(d.a, "/api/sync", "{}"));
      assertThat(started.statusCode()).isEqualTo(202);
      long job = Long.parseLong(ReferenceDeployment.field(started.body(), "jobId"));
      CompletableFuture<HttpResponse<String>> events = d.http.sendAsync(
          ReferenceDeployment.get(d.b, "/api/jobs/" + job + "/events", Duration.ofMinutes(2)), HttpResponse.BodyHandlers.ofString());
      String view = awaitJob(d, d.b, job);
      assertThat(ReferenceDeployment.field(view, "status")).isEqualTo("COMPLETED");
      assertThat(ReferenceDeployment.field(view, "done")).isEqualTo("10000");
      assertThat(ReferenceDeployment.field(view, "node")).isEqualTo("B");
      String stream = events.get(2, TimeUnit.MINUTES).body();
      assertThat(stream).contains("event:progress").contains("\"status\":\"COMPLETED\"");
    }
  }

  @Test
  void optimizerOffRunsTheSameCodeWithoutTheLibrary() throws Exception {
    try (ReferenceDeployment d = ReferenceDeployment.start(false, redis.url(), LOGS, List.of())) {
      OpenLoopLoad.Outcome load = OpenLoopLoad.run(d.load, 5, Duration.ofSeconds(20), Duration.ofSeconds(90),
          d::mix);
      assertThat(load.errors()).as("errors under load, optimizer off (%s sent): %s", load.sent(), load.firstErrors()).isZero();
      // The N+1 shape is really there without the optimizer: 1 + 50 + 50 statements per page.
      assertThat(d.queriesPerBatchPage(0, 4)).as("SQL statements per /api/batches, off").isGreaterThanOrEqualTo(101);
      HttpResponse<String> report = d.send(ReferenceDeployment.get(d.a, "/api/report"));
      assertThat(Long.parseLong(report.headers().firstValue("X-Stored-Bytes").orElseThrow()))
          .as("report stored raw").isEqualTo(report.body().length());
      assertThat(burst(d, "client-x", 40)).as("no rate limit without the optimizer").containsOnly(200);
      ReferenceDeployment.restoreToken("tok-19997");
      assertThat(verify(d, d.b, "tok-19997")).isEqualTo(200);
      assertThat(d.send(ReferenceDeployment.delete(d.a, "/api/auth/tokens/tok-19997")).statusCode()).isEqualTo(204);
      assertThat(verify(d, d.b, "tok-19997")).as("B right after A revoked, no cache").isEqualTo(401);
      assertThat(d.send(ReferenceDeployment.get(d.a, "/actuator/optimizer")).statusCode()).isEqualTo(404);
      // Without the job store the job is known only where it started.
      HttpResponse<String> started = d.send(ReferenceDeployment.post(d.a, "/api/sync", "{}"));
      long job = Long.parseLong(ReferenceDeployment.field(started.body(), "jobId"));
      assertThat(ReferenceDeployment.field(awaitJob(d, d.a, job), "status")).isEqualTo("COMPLETED");
      assertThat(d.send(ReferenceDeployment.get(d.b, "/api/jobs/" + job)).statusCode()).isEqualTo(404);
    }
  }

  static int verify(ReferenceDeployment d, Replica r, String token) throws Exception {
    return d.send(ReferenceDeployment.post(r, "/api/auth/verify", "{\"token\":\"" + token + "\"}")).statusCode();
  }

  /** Verifies {@code token} on {@code r} until it answers {@code status} or {@code limit} passes; every status seen. */
  static List<Integer> awaitStatus(ReferenceDeployment d, Replica r, String token, int status, Duration limit) {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    try {
      await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() -> {
        seen.add(verify(d, r, token));
        return seen.get(seen.size() - 1) == status;
      });
    } catch (ConditionTimeoutException e) {
      // The caller's assertion fails on the statuses seen, which say more than the timeout.
    }
    return seen;
  }

  static List<Integer> burst(ReferenceDeployment d, String client, int n) throws Exception {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Replica r = i % 2 == 0 ? d.a : d.b;
      calls.add(d.http.sendAsync(ReferenceDeployment.get(r, "/api/quota", ReferenceDeployment.requestTimeout, "X-Client", client), HttpResponse.BodyHandlers.ofString()));
    }
    return calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).collect(Collectors.toList());
  }

  static String awaitJob(ReferenceDeployment d, Replica r, long job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> s = d.send(ReferenceDeployment.get(r, "/api/jobs/" + job));
      assertThat(s.statusCode()).as("GET /api/jobs/%d on %s", job, r.name).isEqualTo(200);
      last = s.body();
      String status = ReferenceDeployment.field(last, "status");
      if (status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED")) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + job + " did not end within 2 min; last " + last);
  }
}
