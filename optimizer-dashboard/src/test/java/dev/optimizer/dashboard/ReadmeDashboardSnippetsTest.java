package dev.optimizer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.cache.CacheModule;
import dev.optimizer.core.Optimizer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java snippets of docs/dashboard.md and the README's dashboard section, compiled and run; the regions between
 * the tag markers are checked against the pages by optimizer-bench's ReadmeSnippetsCheckTest.
 */
class ReadmeDashboardSnippetsTest {
  private static final Logger log = LoggerFactory.getLogger(ReadmeDashboardSnippetsTest.class);

  @Test
  void startSnippet_servesThePageAndTheApi() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    // tag::dashboard-start[]
    try (Optimizer optimizer = Optimizer.builder().build();
         Dashboard dashboard = Dashboard.start(optimizer, DashboardConfig.custom().port(0).build())) {
      log.info("operations page at {}", dashboard.uri());   // http://127.0.0.1:<port>/ (port 0: any free one)
      // end::dashboard-start[]
      assertThat(dashboard.uri().getHost()).isEqualTo("127.0.0.1");
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(dashboard.uri()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      HttpResponse<String> stats = http.send(HttpRequest.newBuilder(dashboard.uri()
          .resolve("api/v1/performance/stats")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(stats.body()).contains("\"figures\"");
      // tag::dashboard-start[]
    }
    // end::dashboard-start[]
  }

  @Test
  void tokenSnippet_buildsAConfigThatGuardsReadsAndWrites() {
    String token = "0123456789abcdef0123";
    // tag::dashboard-token[]
    DashboardConfig config = DashboardConfig.custom()
        .host("0.0.0.0")             // other machines may connect: then guard the reads too
        .token(token)                // enables POST; at least 16 characters
        .readsRequireToken(true)
        .maxStreamClients(4)
        .build();
    // end::dashboard-token[]
    assertThat(config.token()).hasValue(token);
    assertThat(config.readsRequireToken()).isTrue();
    assertThat(config.toString()).doesNotContain(token);
  }

  @Test
  void documentsSnippet_givesTheRouteDocumentsWithoutHttp() {
    try (Optimizer optimizer = Optimizer.builder().config(OperationsDocumentsTest.quietConfig()).build()) {
      optimizer.module(CacheModule.class).cache("users").put("u1", "Ada");
      // tag::dashboard-documents[]
      OperationsDocuments documents = OperationsDocuments.of(optimizer);
      CacheDocument caches = documents.cache();                  // an immutable record
      String json = OperationsDocuments.json(documents.snapshot()); // snake_case, units in the names
      // end::dashboard-documents[]
      assertThat(caches.caches()).extracting(CacheDocument.Cache::name).containsExactly("users");
      assertThat(json).contains("\"heap_used_ratio\"", "\"size_entries\":1");
    }
  }
}
