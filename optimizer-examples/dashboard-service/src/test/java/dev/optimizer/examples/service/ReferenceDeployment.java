package dev.optimizer.examples.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.RedisClient;

/**
 * Two replicas of the reference service (optimizer on or off) over one Redis and the one PostgreSQL, and
 * the requests and counters the load test and its checks use.
 */
final class ReferenceDeployment implements AutoCloseable {
  private static final Pattern CALLS = Pattern.compile("calls=(\\d+)");

  final boolean optimizer;
  final Replica a;
  final Replica b;
  final HttpClient http;
  /** The load generator's client (see {@link LoadClient} for why not {@link #http}). */
  final LoadClient load;
  private final RedisClient redis;
  /** Timeout of each request: long in CI, where the host is shared and a timeout would be noise. */
  static Duration requestTimeout = Duration.ofSeconds(Long.getLong("ref.request-timeout-seconds", 30));

  private ReferenceDeployment(boolean optimizer, Replica a, Replica b, HttpClient http, RedisClient redis)
      throws IOException {
    this.optimizer = optimizer;
    this.a = a;
    this.b = b;
    this.http = http;
    this.redis = redis;
    this.load = new LoadClient();
  }

  /** Starts replicas A and B and waits for both. */
  static ReferenceDeployment start(boolean optimizer, String redisUrl, Path logDir, List<String> jvmArgs)
      throws Exception {
    // For the tests' own requests; the load goes through LoadClient.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    RedisClient redis = RedisClient.create(URI.create(redisUrl));
    // Each side starts from an empty Redis (the tests' private server): nothing left by the other side.
    redis.flushAll();
    Replica a = Replica.start("A", optimizer, redisUrl, logDir, jvmArgs);
    Replica b;
    try {
      // One after the other: the first seeds the database, and the two do not fight for the CPU.
      a.awaitReady(http, Duration.ofMinutes(4));
      b = Replica.start("B", optimizer, redisUrl, logDir, jvmArgs);
      b.awaitReady(http, Duration.ofMinutes(4));
    } catch (Exception e) {
      a.close();
      redis.close();
      throw e;
    }
    return new ReferenceDeployment(optimizer, a, b, http, redis);
  }

  String side() {
    return optimizer ? "on" : "off";
  }

  /** SQL statements both replicas executed so far. */
  long queries() throws Exception {
    return a.queries(http) + b.queries(http);
  }

  /** Commands Redis executed so far (every command type, from INFO commandstats). */
  long redisCommands() {
    Matcher m = CALLS.matcher(redis.info("commandstats"));
    long sum = 0;
    while (m.find()) {
      sum += Long.parseLong(m.group(1));
    }
    return sum;
  }

  /** The larger heap in use of the two replicas, bytes. */
  long heapUsed() throws Exception {
    return Math.max(a.heapUsed(http), b.heapUsed(http));
  }

  static HttpRequest get(Replica r, String path) {
    return get(r, path, requestTimeout);
  }

  static HttpRequest get(Replica r, String path, Duration timeout, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(r.uri(path)).timeout(timeout).GET();
    return headers.length == 0 ? b.build() : b.headers(headers).build();
  }

  static HttpRequest post(Replica r, String path, String json) {
    return HttpRequest.newBuilder(r.uri(path)).timeout(requestTimeout)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  static HttpRequest delete(Replica r, String path) {
    return HttpRequest.newBuilder(r.uri(path)).timeout(requestTimeout).DELETE().build();
  }

  /**
   * Makes {@code token} valid again, straight in the database (the seed persists between runs, and a test
   * that revokes a token must find it valid next time). Run it before either replica has checked the token.
   */
  static void restoreToken(String token) throws SQLException {
    try (Connection c = DriverManager.getConnection(DATABASE_URL, "postgres", "");
        PreparedStatement s = c.prepareStatement(
            "update tokens set expires_at = now() + interval '10 years' where token = ?")) {
      s.setString(1, token);
      if (s.executeUpdate() != 1) {
        throw new IllegalStateException("no token " + token + " in " + DATABASE_URL);
      }
    }
  }

  /** The database the replicas use (their {@code application.properties} defaults). */
  static final String DATABASE_URL = "jdbc:postgresql://127.0.0.1:5432/optimizer_ref";

  static HttpRequest put(Replica r, String path, String text) {
    return HttpRequest.newBuilder(r.uri(path)).timeout(requestTimeout)
        .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(text)).build();
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * Request {@code i} of the dashboard mix, alternating replicas: half batch pages (all 100), a quarter
   * token checks (200 active sessions), the rest user reads (1,000 users), settings and the report.
   */
  LoadClient.Request mix(long i) {
    Replica r = (i & 1) == 0 ? a : b;
    long h = mixHash(i);
    int kind = (int) (h % 20);
    if (kind < 10) {
      return LoadClient.Request.get(r, "/api/batches?page=" + (h / 20) % 100);
    } else if (kind < 15) {
      return LoadClient.Request.postJson(r, "/api/auth/verify", "{\"token\":\"tok-" + (1 + (h / 20) % 200) + "\"}");
    } else if (kind < 18) {
      return LoadClient.Request.get(r, "/api/users/" + (1 + (h / 20) % 1_000));
    } else if (kind < 19) {
      return LoadClient.Request.get(r, "/api/settings");
    }
    return LoadClient.Request.get(r, "/api/report");
  }

  private static long mixHash(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }

  /** Reads a string field of a flat JSON object (enough for this service's answers). */
  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[-0-9.a-z]+)")
        .matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no field " + name + " in " + json);
    }
    return m.group(2) != null ? m.group(2) : m.group(1);
  }

  /**
   * Cross-replica staleness, {@code samples} times: read user u on B (so B holds it), rename it through
   * A, then poll B until it returns the new name. Returns the nanoseconds from A's answer to B's first
   * fresh read; {@code -1} for a sample B did not see within {@code limit}.
   */
  List<Long> staleness(int samples, Duration limit, long seed) throws Exception {
    List<Long> out = new ArrayList<>();
    for (int s = 0; s < samples; s++) {
      long user = 10_001 + (seed * 7 + s * 13L) % 9_000;
      HttpResponse<String> before = send(get(b, "/api/users/" + user));
      if (before.statusCode() != 200) {
        throw new IllegalStateException("B could not read user " + user + ": " + before.statusCode());
      }
      String name = "renamed-" + seed + "-" + s + "-" + System.nanoTime();
      HttpResponse<String> updated = send(put(a, "/api/users/" + user + "/name", name));
      if (updated.statusCode() != 204) {
        throw new IllegalStateException("A could not rename user " + user + ": " + updated.statusCode());
      }
      long t0 = System.nanoTime();
      long seen = -1;
      while (System.nanoTime() - t0 < limit.toNanos()) {
        String body = send(get(b, "/api/users/" + user)).body();
        if (name.equals(field(body, "name"))) {
          seen = System.nanoTime() - t0;
          break;
        }
        Thread.sleep(1);
      }
      out.add(seen);
    }
    return out;
  }

  /** Average SQL statements per {@code /api/batches} request over pages {@code from..to-1}. */
  double queriesPerBatchPage(int from, int to) throws Exception {
    long q0 = queries();
    for (int p = from; p < to; p++) {
      HttpResponse<String> r = send(get(p % 2 == 0 ? a : b, "/api/batches?page=" + p));
      if (r.statusCode() != 200) {
        throw new IllegalStateException("/api/batches?page=" + p + " answered " + r.statusCode() + ": " + r.body());
      }
    }
    return (queries() - q0) / (double) (to - from);
  }

  Map<String, String> summary() {
    return Map.of("side", side(), "A", "127.0.0.1:" + a.port, "B", "127.0.0.1:" + b.port);
  }

  @Override
  public void close() throws Exception {
    try {
      load.close();
    } finally {
      closeReplicas();
    }
  }

  private void closeReplicas() throws Exception {
    try {
      b.close();
    } finally {
      a.close();
      redis.close();
    }
  }
}
