package dev.optimizer.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.cache.CacheModule;
import dev.optimizer.redis.testing.RequiresRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.AopTestUtils;

/** The example service end to end, over HTTP, on the real PostgreSQL and Redis. */
@RequiresRedis
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "optimizer.monitoring.enabled=false")
class ExampleApplicationTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final long id = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);

  @LocalServerPort
  int port;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  ProductRepository repository;
  @Autowired
  CacheModule caches;

  @BeforeEach
  void insert() {
    jdbc.update("insert into optimizer_example_products values (?, 'lamp')", id);
  }

  @AfterEach
  void delete() {
    jdbc.update("delete from optimizer_example_products where id = ?", id);
  }

  @Test
  void get_secondReadIsCached_committedRenameShows_rolledBackRenameKeepsTheEntry() throws Exception {
    long before = repository.queries();
    assertThat(get("/products/" + id).body()).contains("\"name\":\"lamp\"");
    assertThat(get("/products/" + id).body()).contains("\"name\":\"lamp\"");
    assertThat(repository.queries()).isEqualTo(before + 1);
    assertThat(caches.find("products").orElseThrow().config().l2Ttl()).hasHours(1);

    assertThat(put("/products/" + id, " ").statusCode()).isEqualTo(400); // rolled back
    assertThat(get("/products/" + id).body()).contains("\"name\":\"lamp\"");
    assertThat(repository.queries()).as("the rollback dropped nothing").isEqualTo(before + 1);

    assertThat(put("/products/" + id, "desk").statusCode()).isEqualTo(200);
    assertThat(get("/products/" + id).body()).contains("\"name\":\"desk\"");
    assertThat(repository.queries()).isEqualTo(before + 2);
  }

  @Test
  void actuator_optimizerEndpointHealthAndCaches() throws Exception {
    get("/products/" + id);
    HttpResponse<String> cache = get("/actuator/optimizer/cache");
    assertThat(cache.statusCode()).isEqualTo(200);
    assertThat(cache.body()).contains("products");
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.body()).contains("\"optimizer\"").contains("\"l2\"");
    assertThat(get("/actuator/caches").body()).contains("products");
    HttpResponse<String> write = http.send(HttpRequest.newBuilder(uri("/actuator/optimizer/optimize"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).as("writes are off by default").isIn(404, 405);
  }

  @Test
  void repositoryIsAProxiedBean() {
    assertThat(AopTestUtils.<Object>getTargetObject(repository)).isNotSameAs(repository);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> put(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
