package dev.optimizer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.Job;
import dev.optimizer.batch.JobHandle;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.core.Optimizer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardHttpTest {
  static final String TOKEN = "test-token-0123456789";
  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Optimizer optimizer;
  private Dashboard dashboard;

  @BeforeEach
  void start() {
    optimizer = Optimizer.builder().config(OperationsDocumentsTest.quietConfig()).build();
    dashboard = Dashboard.start(optimizer, DashboardConfig.custom().port(0).token(TOKEN).maxStreamClients(2)
        .maxBodyBytes(256).streamInterval(Duration.ofMillis(100)).heartbeatInterval(Duration.ofMillis(150))
        .build());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    dashboard.close();
    optimizer.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(dashboard.uri().resolve(path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(dashboard.uri().resolve(path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String[] bearer() {
    return new String[] {"Authorization", "Bearer " + TOKEN};
  }

  private JsonNode json(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(
        "application/json"));
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    return mapper.readTree(r.body());
  }

  private JsonNode error(HttpResponse<String> r, int status, String code) throws Exception {
    JsonNode e = json(r, status);
    assertThat(e.get("status").asInt()).isEqualTo(status);
    assertThat(e.get("error").asText()).isEqualTo(code);
    assertThat(e.get("message").asText()).isNotBlank();
    return e;
  }

  @Test
  void everyReadRoute_answersItsDocument() throws Exception {
    TieredCache<String, Object> users = optimizer.module(CacheModule.class).cache("users");
    users.get("u1", k -> "one");
    users.get("u1", k -> "one");
    JobHandle<Integer> job = optimizer.module(BatchModule.class).processor().submit(
        Job.<Integer, Integer>of(List.of(1, 2, 3), batch -> batch).name("echo").build());
    job.result().get(30, TimeUnit.SECONDS);
    optimizer.optimizeNow();

    JsonNode perf = json(get("api/v1/performance/stats"), 200);
    assertThat(perf.get("figures").has("system_cpu_ratio")).isTrue();
    JsonNode cache = json(get("api/v1/cache/stats"), 200);
    assertThat(cache.get("caches").get(0).get("tiers").get(0).get("hit_rate").asDouble()).isEqualTo(0.5);
    JsonNode batch = json(get("api/v1/batch/stats"), 200);
    assertThat(batch.get("processor").get("jobs").get("completed").asLong()).isEqualTo(1);
    JsonNode jobDoc = json(get("api/v1/batch/jobs/" + job.id()), 200);
    assertThat(jobDoc.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(jobDoc.get("items_done").asLong()).isEqualTo(3);
    assertThat(json(get("api/v1/compression/stats"), 200).has("current_level")).isTrue();
    assertThat(json(get("api/v1/lazy/stats"), 200).get("registry").has("preload_queue_depth")).isTrue();
    JsonNode events = json(get("api/v1/tuning/events?max=3"), 200);
    assertThat(events.get("events").size()).isLessThanOrEqualTo(3);

    HttpResponse<String> page = get("");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
    assertThat(page.body()).contains("uplot/uPlot.iife.min.js").doesNotContain("http://", "https://");
    HttpResponse<String> uplot = get("uplot/uPlot.iife.min.js");
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.body()).startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.30) */");
  }

  @Test
  void writeRoutes_withToken_optimizeAndClear() throws Exception {
    TieredCache<String, Object> users = optimizer.module(CacheModule.class).cache("users");
    users.put("user:1", "a");
    users.put("admin:1", "b");

    JsonNode pass = json(post("api/v1/performance/optimize", "", bearer()), 200);
    assertThat(pass.get("events").isArray()).isTrue();
    assertThat(pass.get("pressure").has("memory_ratio")).isTrue();

    JsonNode cleared = json(post("api/v1/cache/clear", "{\"cache\":\"users\",\"pattern\":\"user:*\"}", bearer()), 200);
    assertThat(cleared.get("cleared").get(0).asText()).isEqualTo("users");
    assertThat(users.getIfPresent("user:1")).isNull();
    assertThat(users.getIfPresent("admin:1")).isEqualTo("b");
    // A same-origin browser POST (Origin equals the page's own) is accepted.
    String origin = "http://" + dashboard.uri().getHost() + ":" + dashboard.port();
    json(post("api/v1/cache/clear", "{}", "Authorization", "Bearer " + TOKEN, "Origin", origin), 200);
    assertThat(users.getIfPresent("admin:1")).isNull();
  }

  @Test
  void badRequests_get400() throws Exception {
    error(post("api/v1/cache/clear", "{not json", bearer()), 400, "bad_request");
    error(post("api/v1/cache/clear", "[1]", bearer()), 400, "bad_request");
    error(post("api/v1/cache/clear", "{\"cash\":\"users\"}", bearer()), 400, "bad_request");
    error(post("api/v1/cache/clear", "{\"cache\":7}", bearer()), 400, "bad_request");
    error(get("api/v1/batch/jobs/abc"), 400, "bad_request");
    error(get("api/v1/tuning/events?max=0"), 400, "bad_request");
    error(get("api/v1/tuning/events?max=x"), 400, "bad_request");
  }

  @Test
  void missingOrWrongToken_gets401() throws Exception {
    HttpResponse<String> none = post("api/v1/performance/optimize", "");
    error(none, 401, "unauthorized");
    assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
    error(post("api/v1/cache/clear", "{}", "Authorization", "Bearer " + TOKEN + "x"), 401, "unauthorized");
    error(post("api/v1/cache/clear", "{}", "Authorization", "Basic " + TOKEN), 401, "unauthorized");
  }

  @Test
  void crossOriginPost_gets403_andPostWithoutConfiguredToken_gets403() throws Exception {
    error(post("api/v1/cache/clear", "{}", "Authorization", "Bearer " + TOKEN, "Origin", "http://evil.example"), 403,
        "cross_origin");
    error(post("api/v1/cache/clear", "{}", "Authorization", "Bearer " + TOKEN, "Sec-Fetch-Site", "cross-site"),
        403, "cross_origin");
    try (Dashboard open = Dashboard.start(optimizer, DashboardConfig.custom().port(0).build())) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(open.uri().resolve("api/v1/performance/optimize"))
          .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      error(r, 403, "writes_disabled");
    }
  }

  @Test
  void unknownThings_get404_andAnAbsentModuleNamesItsArtifact() throws Exception {
    error(get("api/v1/nothing"), 404, "not_found");
    error(get("etc/passwd"), 404, "not_found");
    error(get("api/v1/batch/jobs/424242"), 404, "not_found");
    error(post("api/v1/cache/clear", "{\"cache\":\"nope\"}", bearer()), 404, "not_found");

    try (Optimizer bare = Optimizer.builder().config(OperationsDocumentsTest.quietConfig()).discoverModules(false)
            .build();
        Dashboard d = Dashboard.start(bare, DashboardConfig.custom().port(0).token(TOKEN).build())) {
      String[][] routes = {{"api/v1/cache/stats", "dev.optimizer:optimizer-cache"},
          {"api/v1/batch/stats", "dev.optimizer:optimizer-batch"}, {"api/v1/batch/jobs/1", "dev.optimizer:optimizer-batch"},
          {"api/v1/compression/stats", "dev.optimizer:optimizer-compress"},
          {"api/v1/lazy/stats", "dev.optimizer:optimizer-lazy"}};
      for (String[] route : routes) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(d.uri().resolve(route[0])).build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode e = error(r, 404, "module_absent");
        assertThat(e.get("artifact").asText()).isEqualTo(route[1]);
        assertThat(e.get("message").asText()).contains(route[1]);
      }
      HttpResponse<String> clear = http.send(HttpRequest.newBuilder(d.uri().resolve("api/v1/cache/clear"))
          .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(error(clear, 404, "module_absent").get("artifact").asText()).isEqualTo("dev.optimizer:optimizer-cache");
      // The rest of the surface still works without the modules.
      assertThat(http.send(HttpRequest.newBuilder(d.uri().resolve("api/v1/performance/stats")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void wrongMethod_gets405WithAllow() throws Exception {
    HttpResponse<String> r = post("api/v1/cache/stats", "{}", bearer());
    error(r, 405, "method_not_allowed");
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    HttpResponse<String> g = get("api/v1/performance/optimize");
    error(g, 405, "method_not_allowed");
    assertThat(g.headers().firstValue("Allow")).hasValue("POST");
    error(post("", "x"), 405, "method_not_allowed");
  }

  @Test
  void oversizedBody_gets413() throws Exception {
    String big = "{\"cache\":\"" + "x".repeat(300) + "\"}";
    error(post("api/v1/cache/clear", big, bearer()), 413, "body_too_large");
  }

  @Test
  void readsRequiringToken_refuseReadsWithoutIt() throws Exception {
    try (Dashboard locked = Dashboard.start(optimizer, DashboardConfig.custom().port(0).token(TOKEN)
        .readsRequireToken(true).build())) {
      URI stats = locked.uri().resolve("api/v1/performance/stats");
      error(http.send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.ofString()), 401,
          "unauthorized");
      error(http.send(HttpRequest.newBuilder(locked.uri().resolve("api/v1/stream")).build(),
          HttpResponse.BodyHandlers.ofString()), 401, "unauthorized");
      json(http.send(HttpRequest.newBuilder(stats).header("Authorization", "Bearer " + TOKEN).build(),
          HttpResponse.BodyHandlers.ofString()), 200);
      // The page itself carries no data: it loads without the token and asks for it.
      assertThat(http.send(HttpRequest.newBuilder(locked.uri()).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
    }
  }

  private BufferedReader openStream() throws Exception {
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("api/v1/stream")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
    BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    closeables.add(reader);
    return reader;
  }

  @Test
  void stream_sendsSnapshotsAndHeartbeats() throws Exception {
    optimizer.module(CacheModule.class).cache("users").put("k", "v");
    BufferedReader stream = openStream();
    int snapshots = 0;
    boolean heartbeat = false;
    JsonNode last = null;
    while (snapshots < 3 || !heartbeat) {
      String line = stream.readLine();
      assertThat(line).as("stream ended early").isNotNull();
      if (line.startsWith("data: ")) {
        last = mapper.readTree(line.substring(6));
        snapshots++;
      } else if (line.startsWith(": heartbeat")) {
        heartbeat = true;
      }
    }
    assertThat(last.get("cache").get("caches").get(0).get("name").asText()).isEqualTo("users");
    assertThat(last.get("system").has("heap_used_ratio")).isTrue();
    assertThat(dashboard.streamClients()).isEqualTo(1);
  }

  @Test
  void stream_overTheClientCap_gets503() throws Exception {
    openStream().readLine();
    openStream().readLine();
    assertThat(dashboard.streamClients()).isEqualTo(2);
    HttpResponse<String> third = get("api/v1/stream");
    error(third, 503, "too_many_stream_clients");
    assertThat(third.headers().firstValue("Retry-After")).isPresent();
    // the API still answers while the stream slots are full
    json(get("api/v1/performance/stats"), 200);
  }

  @Test
  void stream_clientThatGoesAway_isDroppedOnWrite() throws Exception {
    openStream().readLine();
    assertThat(dashboard.streamClients()).isEqualTo(1);
    try (Socket socket = new Socket(dashboard.uri().getHost(), dashboard.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/v1/stream HTTP/1.1\r\nHost: " + dashboard.uri().getHost() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.startsWith("data: "));
      assertThat(line).isNotNull();
      assertThat(dashboard.streamClients()).isEqualTo(2);
    } // the client vanishes without a word
    await().atMost(Duration.ofSeconds(20)).until(() -> dashboard.streamClients() == 1);
    // the freed slot is usable again
    openStream().readLine();
    assertThat(dashboard.streamClients()).isEqualTo(2);
  }

  @Test
  void close_endsStreamsAndStopsThreads() throws Exception {
    BufferedReader stream = openStream();
    stream.readLine();
    dashboard.close();
    String line;
    do {
      line = stream.readLine();
    } while (line != null);
    await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("optimizer-dashboard-") && t.isAlive()));
  }
}
