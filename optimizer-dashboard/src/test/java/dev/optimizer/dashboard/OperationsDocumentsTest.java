package dev.optimizer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.Job;
import dev.optimizer.batch.JobHandle;
import dev.optimizer.batch.JobStatus;
import dev.optimizer.batch.RetryPolicy;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.compress.CompressionModule;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.lazy.LazyModule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OperationsDocumentsTest {
  private final ObjectMapper plainMapper = new ObjectMapper();
  private Optimizer optimizer;

  static OptimizerConfig quietConfig() {
    return OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false).level(OptimizationLevel.ADVANCED)
        .build();
  }

  @AfterEach
  void close() {
    if (optimizer != null) {
      optimizer.close();
    }
  }

  private JsonNode tree(Object document) throws Exception {
    JsonNode viaOwn = plainMapper.readTree(OperationsDocuments.json(document));
    // Any mapper writes the same names: the records carry their naming.
    assertThat(plainMapper.readTree(plainMapper.writeValueAsString(document))).isEqualTo(viaOwn);
    return viaOwn;
  }

  @Test
  void cache_afterTraffic_reportsHitRatePerTierInSnakeCase() throws Exception {
    optimizer = Optimizer.builder().config(quietConfig()).build();
    TieredCache<String, Object> users = optimizer.module(CacheModule.class).cache("users");
    users.get("a", k -> "A");
    users.get("a", k -> "A");
    users.get("a", k -> "A");
    users.get("b", k -> "B");

    JsonNode doc = tree(OperationsDocuments.of(optimizer).cache());

    JsonNode cache = doc.get("caches").get(0);
    assertThat(cache.get("name").asText()).isEqualTo("users");
    assertThat(cache.get("loads").asLong()).isEqualTo(2);
    assertThat(cache.has("load_time_seconds")).isTrue();
    JsonNode l1 = cache.get("tiers").get(0);
    assertThat(l1.get("tier").asText()).isEqualTo("L1");
    assertThat(l1.get("hits").asLong()).isEqualTo(2);
    assertThat(l1.get("misses").asLong()).isEqualTo(2);
    assertThat(l1.get("hit_rate").asDouble()).isEqualTo(0.5);
    assertThat(l1.get("size_entries").asLong()).isEqualTo(2);
    assertThat(doc.get("redis_servers").isArray()).isTrue();
  }

  @Test
  void clearCache_globThenAll_removesMatchingThenEverything() {
    optimizer = Optimizer.builder().config(quietConfig()).build();
    TieredCache<String, Object> users = optimizer.module(CacheModule.class).cache("users");
    TieredCache<String, Object> orders = optimizer.module(CacheModule.class).cache("orders");
    users.put("user:1", "a");
    users.put("admin:1", "b");
    orders.put("o1", "c");
    OperationsDocuments docs = OperationsDocuments.of(optimizer);

    ClearCacheDocument one = docs.clearCache("users", "user:*");
    assertThat(one.cleared()).containsExactly("users");
    assertThat(users.getIfPresent("user:1")).isNull();
    assertThat(users.getIfPresent("admin:1")).isEqualTo("b");
    assertThat(orders.getIfPresent("o1")).isEqualTo("c");

    ClearCacheDocument all = docs.clearCache(null, null);
    assertThat(all.cleared()).containsExactly("orders", "users");
    assertThat(users.getIfPresent("admin:1")).isNull();
    assertThat(orders.getIfPresent("o1")).isNull();

    assertThatThrownBy(() -> docs.clearCache("nope", null)).isInstanceOf(NoSuchEntryException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void batchAndJob_afterAJobWithFailures_reportProgressAndFailures() throws Exception {
    optimizer = Optimizer.builder().config(quietConfig()).build();
    List<Integer> items = IntStream.range(0, 50).boxed().toList();
    JobHandle<Integer> handle = optimizer.module(BatchModule.class).processor().submit(Job.<Integer, Integer>of(
        items, batch -> {
          if (batch.contains(0)) {
            throw new IllegalStateException("batch with item 0 refused");
          }
          return batch.stream().map(i -> i * 2).toList();
        }).name("doubling").batchSize(10).retryPolicy(RetryPolicy.none()).build());
    handle.result().get(30, TimeUnit.SECONDS);
    OperationsDocuments docs = OperationsDocuments.of(optimizer);

    JsonNode job = tree(docs.job(Long.toString(handle.id())));
    assertThat(job.get("status").asText()).isEqualTo(JobStatus.FAILED.name());
    assertThat(job.get("items_total").asLong()).isEqualTo(50);
    long failed = job.get("items_failed").asLong();
    assertThat(failed).isPositive();
    assertThat(job.get("items_done").asLong()).isEqualTo(50 - failed);
    assertThat(job.get("progress_ratio").asDouble()).isEqualTo(1.0);
    assertThat(job.get("failures")).hasSize((int) Math.min(failed, JobDocument.MAX_FAILURES));
    assertThat(job.get("failures").get(0).get("index").asInt()).isZero();
    assertThat(job.get("failures").get(0).get("error").asText()).contains("item 0 refused");

    JsonNode batch = tree(docs.batch());
    assertThat(batch.get("processor").get("jobs").get("failed").asLong()).isEqualTo(1);
    assertThat(batch.get("processor").get("items_succeeded").asLong()).isEqualTo(50 - failed);
    assertThat(batch.get("processor").has("items_per_second")).isTrue();

    assertThatThrownBy(() -> docs.job("999999")).isInstanceOf(NoSuchEntryException.class);
    assertThatThrownBy(() -> docs.job("x1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compressionAndLazy_afterUse_reportFigures() throws Exception {
    optimizer = Optimizer.builder().config(quietConfig()).build();
    byte[] text = "the quick brown fox jumps over the lazy dog ".repeat(500).getBytes(StandardCharsets.UTF_8);
    var engine = optimizer.module(CompressionModule.class).engine();
    engine.decompress(engine.compress(text, dev.optimizer.compress.Algorithm.GZIP));
    optimizer.module(LazyModule.class).registry().loader("config", () -> "v").register().get();
    OperationsDocuments docs = OperationsDocuments.of(optimizer);

    JsonNode z = tree(docs.compression());
    JsonNode gzip = z.get("algorithms").get(0);
    assertThat(gzip.get("algorithm").asText()).isEqualTo("GZIP");
    assertThat(gzip.get("ratio").asDouble()).isGreaterThan(10);
    assertThat(gzip.get("compress").get("bytes_in").asLong()).isEqualTo(text.length);
    assertThat(gzip.get("decompress").get("bytes_out").asLong()).isEqualTo(text.length);
    assertThat(gzip.get("compress").get("mb_per_second").asDouble()).isPositive();

    JsonNode lazy = tree(docs.lazy());
    assertThat(lazy.get("registry").get("loads").asLong()).isEqualTo(1);
    assertThat(lazy.get("registry").get("loaders").get(0).get("key").asText()).isEqualTo("config");
  }

  @Test
  void compression_listsTheAutomaticChoicePerContentKey() throws Exception {
    optimizer = Optimizer.builder().config(quietConfig()).build();
    byte[] text = "the quick brown fox jumps over the lazy dog ".repeat(500).getBytes(StandardCharsets.UTF_8);
    var engine = optimizer.module(CompressionModule.class).engine();
    OperationsDocuments docs = OperationsDocuments.of(optimizer);
    // The choice is measured in the background: the first calls may use a provisional algorithm.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
      engine.compress(text, "greetings");
      JsonNode choices = tree(docs.compression()).get("choices");
      assertThat(choices).hasSize(1);
      assertThat(choices.get(0).get("key").asText()).isEqualTo("greetings");
      assertThat(choices.get(0).get("algorithm").asText()).isNotEqualTo("NONE");
    });
  }

  @Test
  void performanceAndOptimize_reportFiguresWithUnitsAndTunables() throws Exception {
    optimizer = Optimizer.builder().config(quietConfig()).build();
    OperationsDocuments docs = OperationsDocuments.of(optimizer);
    JsonNode pass = tree(docs.optimize());
    assertThat(pass.get("pressure").has("cpu_ratio")).isTrue();

    JsonNode perf = tree(docs.performance());
    assertThat(perf.get("figures").has("heap_used_ratio")).isTrue();
    assertThat(perf.get("figures").get("heap_used_ratio").get("current").asDouble()).isBetween(0.0, 1.0);
    assertThat(perf.get("samples").asInt()).isEqualTo(1);
    assertThat(perf.get("level").asText()).isEqualTo("ADVANCED");
    assertThat(perf.get("tunables")).isNotEmpty();
    assertThat(perf.get("modules").toString()).contains("cache", "batch");

    JsonNode events = tree(docs.tuningEvents(5));
    assertThat(events.has("total")).isTrue();
    assertThatThrownBy(() -> docs.tuningEvents(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyModuleDocument_withoutTheModule_throwsNamingTheArtifact() throws Exception {
    optimizer = Optimizer.builder().config(quietConfig()).discoverModules(false).build();
    OperationsDocuments docs = OperationsDocuments.of(optimizer);

    assertThatThrownBy(docs::cache).isInstanceOf(ModuleAbsentException.class)
        .hasMessageContaining("dev.optimizer:optimizer-cache");
    assertThatThrownBy(() -> docs.clearCache(null, null)).isInstanceOf(ModuleAbsentException.class);
    assertThatThrownBy(docs::batch).isInstanceOf(ModuleAbsentException.class)
        .hasMessageContaining("dev.optimizer:optimizer-batch");
    assertThatThrownBy(() -> docs.job("1")).isInstanceOf(ModuleAbsentException.class);
    assertThatThrownBy(docs::compression).isInstanceOf(ModuleAbsentException.class)
        .hasMessageContaining("dev.optimizer:optimizer-compress");
    assertThatThrownBy(docs::lazy).isInstanceOf(ModuleAbsentException.class)
        .hasMessageContaining("dev.optimizer:optimizer-lazy");

    JsonNode snapshot = tree(docs.snapshot());
    assertThat(snapshot.get("cache").isNull()).isTrue();
    assertThat(snapshot.get("absent_modules").get("cache").asText()).isEqualTo("dev.optimizer:optimizer-cache");
    assertThat(snapshot.get("absent_modules")).hasSize(4);
  }

  @Test
  void snapshot_withEveryModule_carriesEveryPart() throws Exception {
    optimizer = Optimizer.builder().config(quietConfig()).build();
    optimizer.module(CacheModule.class).cache("users").put("k", "v");
    JsonNode snapshot = tree(OperationsDocuments.of(optimizer).snapshot());
    assertThat(snapshot.get("system").has("heap_used_ratio")).isTrue();
    assertThat(snapshot.get("cache").get("caches").get(0).get("name").asText()).isEqualTo("users");
    assertThat(snapshot.get("batch").get("processor").has("queue_depth")).isTrue();
    assertThat(snapshot.get("compression").has("current_level")).isTrue();
    assertThat(snapshot.get("lazy").has("registry")).isTrue();
    assertThat(snapshot.get("absent_modules")).isEmpty();
  }
}
