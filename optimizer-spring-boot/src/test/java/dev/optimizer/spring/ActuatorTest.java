package dev.optimizer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.optimizer.batch.BatchConfig;
import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.BatchProcessor;
import dev.optimizer.batch.Job;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.dashboard.OperationsDocuments;
import dev.optimizer.spring.internal.OptimizerHealthIndicator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ActuatorTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(OptimizerAutoConfiguration.class,
          OptimizerActuatorAutoConfiguration.class))
      .withPropertyValues("optimizer.monitoring.enabled=false",
          "management.endpoints.web.exposure.include=optimizer,health");

  @Test
  void endpoint_servesTheDashboardsDocumentsFieldForField() {
    runner.run(ctx -> {
      OptimizerEndpoint endpoint = ctx.getBean(OptimizerEndpoint.class);
      OperationsDocuments documents = ctx.getBean(OperationsDocuments.class);
      ctx.getBean(CacheModule.class).cache("books").put("k", "v");
      ObjectMapper json = new ObjectMapper();
      for (String name : List.of("cache", "batch", "compression", "lazy", "tuning-events", "performance")) {
        Map<String, Object> served = endpoint.document(name);
        Object direct = switch (name) {
          case "cache" -> documents.cache();
          case "batch" -> documents.batch();
          case "compression" -> documents.compression();
          case "lazy" -> documents.lazy();
          case "tuning-events" -> documents.tuningEvents(200);
          default -> documents.performance();
        };
        Map<?, ?> expected = json.readValue(OperationsDocuments.json(direct), Map.class);
        assertThat(served).as(name).isNotNull();
        assertThat(served.keySet()).as(name).isEqualTo(expected.keySet());
      }
      assertThat(OperationsDocuments.json(endpoint.document("cache"))).contains("books");
      assertThat(endpoint.snapshot()).isNotEmpty();
    });
  }

  @Test
  void writeOperations_optimizeAndClearCache() {
    runner.run(ctx -> {
      OptimizerEndpoint endpoint = ctx.getBean(OptimizerEndpoint.class);
      var books = ctx.getBean(CacheModule.class).cache("books");
      books.put("a", "1");
      books.put("b", "2");
      assertThat(endpoint.action("clear-cache", "books", "a")).isNotNull();
      assertThat(books.getIfPresent("a")).isNull();
      assertThat(books.getIfPresent("b")).isEqualTo("2");
      assertThat(endpoint.action("clear-cache", "nope", null)).isNull(); // 404
      assertThat(endpoint.action("optimize", null, null)).isNotNull();
    });
  }

  @Test
  void endpoint_defaultAccessIsReadOnly() {
    Endpoint annotation = OptimizerEndpoint.class.getAnnotation(Endpoint.class);
    assertThat(annotation.id()).isEqualTo("optimizer");
    assertThat(annotation.defaultAccess()).isEqualTo(org.springframework.boot.actuate.endpoint.Access.READ_ONLY);
  }

  @Test
  void actuatorAbsent_noEndpoint_healthIndicatorStillFromTheHealthModule() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(OptimizerEndpoint.class)
            .hasSingleBean(OperationsDocuments.class));
  }

  @Test
  void dashboardAbsent_noDocumentsNoEndpoint() {
    runner.withClassLoader(new FilteredClassLoader(OperationsDocuments.class))
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(OptimizerEndpoint.class)
            .hasSingleBean(OptimizerHealthIndicator.class));
  }

  @Test
  void health_upWithModules() {
    runner.run(ctx -> {
      Health health = ctx.getBean(OptimizerHealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsKeys("modules", "batchQueue");
    });
  }

  @Test
  void health_batchQueueSaturated_degraded() {
    runner.withBean(BatchModule.class, () -> new BatchModule(BatchConfig.custom().maxWorkers(1).concurrentJobs(1)
            .queueCapacity(10).build()))
        .run(ctx -> {
          BatchProcessor processor = ctx.getBean(BatchProcessor.class);
          CountDownLatch release = new CountDownLatch(1);
          Health health;
          try {
            // One job runs (blocked), the others wait: at least 9 of 10 queue places taken.
            for (int i = 0; i < 10; i++) {
              processor.submit(Job.<Integer, Integer>of(List.of(i), batch -> {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                return batch;
              }).build());
            }
            health = ctx.getBean(OptimizerHealthIndicator.class).health(true);
          } finally {
            release.countDown();
          }
          assertThat(health.getStatus()).isEqualTo(OptimizerHealthIndicator.DEGRADED);
          assertThat(health.getDetails().get("batchQueue").toString()).contains("capacity=10");
        });
  }

  @Test
  void dashboardEnabled_pageAndApiServed_closedWithTheContext() {
    dev.optimizer.dashboard.Dashboard[] seen = new dev.optimizer.dashboard.Dashboard[1];
    runner.withPropertyValues("optimizer.dashboard.enabled=true", "optimizer.dashboard.port=0").run(ctx -> {
      seen[0] = ctx.getBean(dev.optimizer.dashboard.Dashboard.class);
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      var response = client.send(java.net.http.HttpRequest.newBuilder(seen[0].uri().resolve("/api/v1/performance/stats"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      var page = client.send(java.net.http.HttpRequest.newBuilder(seen[0].uri()).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(page.body()).contains("<html");
    });
    assertThat(ctxClosedRefuses(seen[0].uri())).isTrue();
  }

  private static boolean ctxClosedRefuses(java.net.URI uri) {
    try (java.net.Socket s = new java.net.Socket(uri.getHost(), uri.getPort())) {
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }
}
