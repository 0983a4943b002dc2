package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** {@code optimizer.batch.job-store.*} without Spring: the module puts named jobs in Redis from its settings. */
@RequiresRedis
class JobStoreSettingsTest {
  private final List<Optimizer> nodes = new ArrayList<>();
  private final String namespace = "settings-jobs-" + System.nanoTime();

  @AfterEach
  void close() {
    nodes.forEach(Optimizer::close);
  }

  private BatchProcessor node(BatchConfig config, Map<String, String> env) {
    Optimizer o = Optimizer.builder().config(OptimizerConfig.custom().environment(env).systemProperties(new Properties())
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .discoverModules(false).module(new BatchModule(config)).build();
    nodes.add(o);
    return o.module(BatchModule.class).processor();
  }

  private Map<String, String> redisEnv() {
    return Map.of("OPTIMIZER_REDIS_URL", RedisAvailableCondition.redisUrl(), "OPTIMIZER_BATCH_JOB_STORE_REDIS", "true",
        "OPTIMIZER_BATCH_JOB_STORE_NAMESPACE", namespace, "OPTIMIZER_BATCH_JOB_STORE_FINISHED_TTL", "1m");
  }

  private long keysInNamespace() {
    try (Jedis raw = new Jedis(URI.create(RedisAvailableCondition.redisUrl()))) {
      return raw.keys("{" + namespace + "}:*").size();
    }
  }

  @Test
  void environmentOnly_aJobSubmittedOnOneNodeIsWorkedByTheOther() throws Exception {
    BatchProcessor a = node(BatchConfig.ofDefaults(), redisEnv());
    BatchProcessor b = node(BatchConfig.ofDefaults(), redisEnv());
    b.register("shout", (List<String> batch) -> batch.stream().map(String::toUpperCase).toList(),
        JobCodec.string(), JobCodec.string());
    // B announces its handler with its first lease renewal; until then A refuses the job (UNKNOWN_HANDLER).
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JobHandle<String> h = a.submit(NamedJob.of("shout", List.of("x", "y"), JobCodec.string(), JobCodec.string())
          .build());
      assertThat(h.result().get(20, TimeUnit.SECONDS).valuesOrThrow()).containsExactly("X", "Y");
      assertThat(b.status(h.id())).contains(JobStatus.COMPLETED);
    });
    assertThat(keysInNamespace()).as("the jobs live under the configured namespace").isPositive();
  }

  @Test
  void aJobStoreChosenInTheBuilder_winsOverTheSetting() throws Exception {
    BatchProcessor p = node(BatchConfig.custom().jobStore(JobStore.inMemory()).build(), redisEnv());
    p.register("shout", (List<String> batch) -> batch.stream().map(String::toUpperCase).toList(),
        JobCodec.string(), JobCodec.string());
    JobHandle<String> h = p.submit(NamedJob.of("shout", List.of("x"), JobCodec.string(), JobCodec.string()).build());
    assertThat(h.result().get(20, TimeUnit.SECONDS).valuesOrThrow()).containsExactly("X");
    assertThat(keysInNamespace()).as("nothing in Redis").isZero();
  }

  @Test
  void aBadNamespace_failsTheStartNamingTheSetting() {
    assertThatThrownBy(() -> node(BatchConfig.ofDefaults(), Map.of("OPTIMIZER_REDIS_URL",
        RedisAvailableCondition.redisUrl(), "OPTIMIZER_BATCH_JOB_STORE_REDIS", "true",
        "OPTIMIZER_BATCH_JOB_STORE_NAMESPACE", "no spaces please")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("OPTIMIZER_BATCH_JOB_STORE_NAMESPACE").hasMessageContaining("no spaces please");
  }
}
