package dev.optimizer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.BatchProcessor;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.Tier;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.CompressionModule;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.lazy.LazyModule;
import dev.optimizer.limit.LimitModule;
import dev.optimizer.lazy.LazyRegistry;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import dev.optimizer.spring.internal.OptimizerAdvisor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class OptimizerAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(OptimizerAutoConfiguration.class))
      .withPropertyValues("optimizer.monitoring.enabled=false");

  @Test
  void defaults_optimizerEveryModuleAndTheirEnginesAsBeans_noRedis() {
    runner.run(ctx -> {
      assertThat(ctx).hasSingleBean(Optimizer.class).hasSingleBean(OptimizerAdvisor.class)
          .hasSingleBean(CacheModule.class).hasSingleBean(BatchModule.class).hasSingleBean(LazyModule.class)
          .hasSingleBean(CompressionModule.class).hasSingleBean(BatchProcessor.class)
          .hasSingleBean(CompressionEngine.class).hasSingleBean(LazyRegistry.class)
          .hasSingleBean(LimitModule.class).doesNotHaveBean(RedisConnection.class);
      Optimizer optimizer = ctx.getBean(Optimizer.class);
      assertThat(optimizer.moduleNames()).containsExactly("limit", "cache", "lazy", "batch", "compress");
      assertThat(ctx.getBean(BatchProcessor.class)).isSameAs(optimizer.module(BatchModule.class).processor());
    });
  }

  @Test
  void close_contextClosesTheOptimizer() {
    Optimizer[] seen = new Optimizer[1];
    runner.run(ctx -> seen[0] = ctx.getBean(Optimizer.class));
    assertThat(seen[0].isClosed()).isTrue();
  }

  @Test
  void meterRegistry_theApplicationsOneIsUsed() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(ctx -> {
      assertThat(ctx.getBean(Optimizer.class).meterRegistry()).isSameAs(ctx.getBean(MeterRegistry.class));
      ctx.getBean(CacheModule.class).cache("metered");
      assertThat(ctx.getBean(MeterRegistry.class).find("cache.size").tag("cache", "metered").meters())
          .isNotEmpty();
    });
  }

  @Test
  void properties_bindToTheModulesSettings() {
    runner.withPropertyValues("optimizer.level=BASIC", "optimizer.cpu-threshold=0.5",
            "optimizer.batch.enabled=false", "optimizer.cache.defaults.l1-size=123",
            "optimizer.cache.defaults.ttl=5m", "optimizer.cache.caches.users.l1-size=7",
            "optimizer.cache.caches.users.l2-ttl=2h", "optimizer.cache.caches.users.cache-null=true",
            "optimizer.cache.defaults.refresh-after=1m", "optimizer.cache.caches.users.refresh-after=30s",
            "optimizer.compress.level=FAST")
        .run(ctx -> {
          Optimizer optimizer = ctx.getBean(Optimizer.class);
          assertThat(optimizer.config().level()).isEqualTo(OptimizationLevel.BASIC);
          assertThat(optimizer.config().cpuThreshold()).isEqualTo(0.5);
          assertThat(optimizer.config().isEnabled(dev.optimizer.core.Feature.BATCH)).isFalse();
          CacheModule cache = ctx.getBean(CacheModule.class);
          TieredCache<String, Object> other = cache.cache("other");
          assertThat(other.config().l1MaximumSize()).isEqualTo(123);
          assertThat(other.config().l1ExpireAfterWrite()).isEqualTo(Duration.ofMinutes(5));
          TieredCache<?, ?> users = cache.find("users").orElseThrow();
          assertThat(users.config().l1MaximumSize()).isEqualTo(7);
          assertThat(users.config().l2Ttl()).isEqualTo(Duration.ofHours(2));
          assertThat(users.config().l1ExpireAfterWrite()).isEqualTo(Duration.ofMinutes(5));
          assertThat(users.config().cacheNulls()).isTrue();
          assertThat(users.config().refreshAfter()).isEqualTo(Duration.ofSeconds(30));
          assertThat(other.config().refreshAfter()).isEqualTo(Duration.ofMinutes(1));
          assertThat(ctx.getBean(CompressionModule.class).engine().config().level())
              .isEqualTo(dev.optimizer.compress.Level.FAST);
        });
  }

  @Test
  void userOptimizer_oursBacksOff() {
    runner.withUserConfiguration(OwnOptimizer.class).run(ctx -> {
      assertThat(ctx).hasSingleBean(Optimizer.class);
      assertThat(ctx.getBean(Optimizer.class).moduleNames()).isEmpty();
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnOptimizer {
    @Bean(destroyMethod = "close")
    Optimizer myOptimizer() {
      return Optimizer.builder().discoverModules(false).build();
    }
  }

  /** A module of the application's own. */
  static final class AuditModule implements dev.optimizer.core.spi.OptimizerModule {
    @Override
    public String name() {
      return "audit";
    }
  }

  @Test
  void moduleBean_andCustomizer_areApplied() {
    dev.optimizer.core.Ticker ticker = new dev.optimizer.core.testing.FakeTicker();
    java.util.concurrent.atomic.AtomicInteger customized = new java.util.concurrent.atomic.AtomicInteger();
    runner.withBean(AuditModule.class, AuditModule::new)
        .withBean(OptimizerCustomizer.class, () -> b -> {
          customized.incrementAndGet();
          b.ticker(ticker);
        })
        .run(ctx -> {
          assertThat(ctx.getBean(Optimizer.class).moduleNames()).contains("audit", "cache");
          assertThat(customized).hasValue(1);
        });
  }

  @Test
  void disabled_nothingIsConfigured() {
    runner.withPropertyValues("optimizer.enabled=false").run(ctx ->
        assertThat(ctx).doesNotHaveBean(Optimizer.class).doesNotHaveBean(OptimizerAdvisor.class));
  }

  @Test
  void l3Directory_givesCachesAnL3(@TempDir Path dir) {
    runner.withPropertyValues("optimizer.cache.l3-directory=" + dir).run(ctx -> {
      TieredCache<String, Object> c = ctx.getBean(CacheModule.class).cache("stored");
      assertThat(c.stats().tier(Tier.L3)).isNotNull();
    });
  }

  @Test
  void l3Directory_withoutMapDb_noL3AndStartupSaysSo(@TempDir Path dir) {
    runner.withPropertyValues("optimizer.cache.l3-directory=" + dir)
        .withClassLoader(new FilteredClassLoader("org.mapdb"))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          TieredCache<String, Object> c = ctx.getBean(CacheModule.class).cache("stored");
          assertThat(c.stats().tier(Tier.L3)).isNull();
        });
  }

  @Test
  void batchModuleAbsent_noBatchBeans_andAnnotatedMethodsAreReported() {
    runner.withClassLoader(new FilteredClassLoader(BatchModule.class))
        .withBean(TestBeans.Prices.class)
        .run(ctx -> {
          assertThat(ctx).doesNotHaveBean(BatchModule.class).doesNotHaveBean(BatchProcessor.class);
          assertThat(ctx.getBean(Optimizer.class).moduleNames()).doesNotContain("batch");
          assertThat(ctx.getBean(OptimizerAdvisor.class).notes()).anySatisfy(n -> assertThat(n)
              .contains("@BatchProcess on " + TestBeans.Prices.class.getName() + ".doubled does nothing")
              .contains("batch module is not loaded"));
        });
  }

  @Test
  void featureOff_annotatedMethodsAreReported() {
    runner.withPropertyValues("optimizer.lazy.enabled=false").withBean(TestBeans.Prices.class).run(ctx ->
        assertThat(ctx.getBean(OptimizerAdvisor.class).notes()).anySatisfy(n -> assertThat(n)
            .contains("@LazyLoad on " + TestBeans.Prices.class.getName() + ".report does nothing")
            .contains("optimizer.lazy.enabled=false")));
  }

  @Test
  void rateLimit_refusesPastItsRate_unlessTheLimitFeatureIsOff() {
    runner.withBean(TestBeans.Quotas.class).run(ctx -> {
      TestBeans.Quotas quotas = ctx.getBean(TestBeans.Quotas.class);
      quotas.serve("a");
      quotas.serve("a");
      assertThatThrownBy(() -> quotas.serve("a")).isInstanceOf(dev.optimizer.limit.RateLimitedException.class);
    });
    runner.withPropertyValues("optimizer.limit.enabled=false").withBean(TestBeans.Quotas.class).run(ctx -> {
      TestBeans.Quotas quotas = ctx.getBean(TestBeans.Quotas.class);
      for (int i = 0; i < 5; i++) {
        assertThat(quotas.serve("a")).isEqualTo("served a");
      }
      assertThat(ctx.getBean(OptimizerAdvisor.class).notes()).anySatisfy(n -> assertThat(n)
          .contains("@RateLimit on " + TestBeans.Quotas.class.getName() + ".serve does nothing")
          .contains("optimizer.limit.enabled=false"));
    });
  }

  @Nested
  @RequiresRedis
  class WithRedis {
    @Test
    void redisTimeouts_fromOptimizerKeysElseBootKeys() {
      runner.withPropertyValues("optimizer.redis.url=" + RedisAvailableCondition.redisUrl(),
          "optimizer.redis.socket-timeout=2s", "spring.data.redis.timeout=9s",
          "spring.data.redis.connect-timeout=1500ms", "optimizer.redis.borrow-timeout=750ms").run(ctx -> {
            dev.optimizer.redis.RedisConfig config = ctx.getBean(RedisConnection.class).config();
            assertThat(config.socketTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
            assertThat(config.borrowTimeout()).isEqualTo(Duration.ofMillis(750));
          });
      runner.withPropertyValues("optimizer.redis.url=" + RedisAvailableCondition.redisUrl(),
          "optimizer.redis.socket-timeout=soon").run(ctx -> assertThat(ctx).hasFailed().getFailure()
              .hasStackTraceContaining("optimizer.redis.socket-timeout").hasStackTraceContaining("'soon'"));
    }

    @Test
    void limitRedisTrue_rateLimitersDecideThroughTheSharedConnection() {
      runner.withPropertyValues("optimizer.redis.url=" + RedisAvailableCondition.redisUrl(), "optimizer.limit.redis=true")
          .run(ctx -> {
            dev.optimizer.limit.RateLimiter limiter = ctx.getBean(LimitModule.class).rateLimiter(
                "spring-redis-" + System.nanoTime(), dev.optimizer.limit.RateLimiterConfig.custom().rate("5/1m").build());
            assertThat(limiter.tryAcquire("k").allowed()).isTrue();
            assertThat(limiter.toString()).startsWith("RedisRateLimiter");
            assertThat(limiter.stats().redisCalls()).isEqualTo(1);
            assertThat(limiter.toString()).contains(ctx.getBean(RedisConnection.class).server());
          });
    }

    @Test
    void batchJobStoreRedisTrue_aJobSubmittedOnOneReplicaIsWorkedByTheOtherAndReadableOnBoth() {
      String ns = "spring-jobs-" + System.nanoTime();
      String[] props = {"optimizer.redis.url=" + RedisAvailableCondition.redisUrl(),
          "optimizer.batch.job-store.redis=true", "optimizer.batch.job-store.namespace=" + ns,
          "optimizer.batch.job-store.finished-ttl=1m"};
      runner.withPropertyValues(props).run(a -> runner.withPropertyValues(props).run(b -> {
        dev.optimizer.batch.BatchProcessor onA = a.getBean(dev.optimizer.batch.BatchProcessor.class);
        dev.optimizer.batch.BatchProcessor onB = b.getBean(dev.optimizer.batch.BatchProcessor.class);
        onB.register("shout", (List<String> batch) -> batch.stream().map(String::toUpperCase).toList(),
            dev.optimizer.batch.JobCodec.string(), dev.optimizer.batch.JobCodec.string());
        // B announces its handler with its first lease renewal; A refuses jobs no live node can run.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          dev.optimizer.batch.JobHandle<String> h = onA.submit(dev.optimizer.batch.NamedJob.of("shout",
              List.of("a", "b", "c"), dev.optimizer.batch.JobCodec.string(), dev.optimizer.batch.JobCodec.string())
              .build());
          assertThat(h.result().get(20, java.util.concurrent.TimeUnit.SECONDS).valuesOrThrow())
              .containsExactly("A", "B", "C");
          assertThat(onB.status(h.id())).contains(dev.optimizer.batch.JobStatus.COMPLETED);
        });
        try (redis.clients.jedis.Jedis raw = new redis.clients.jedis.Jedis(URI.create(RedisAvailableCondition.redisUrl()))) {
          assertThat(raw.keys("{" + ns + "}:*")).as("the jobs live under the configured namespace").isNotEmpty();
        }
      }));
    }

    @Test
    void batchJobStoreRedisTrue_withoutARedisConnection_failsTheStartNamingWhatIsMissing() {
      runner.withPropertyValues("optimizer.batch.job-store.redis=true").run(ctx -> assertThat(ctx).hasFailed()
          .getFailure().hasStackTraceContaining("optimizer.batch.job-store.redis=true needs a Redis connection"));
      runner.withPropertyValues("optimizer.redis.url=" + RedisAvailableCondition.redisUrl(),
          "optimizer.batch.job-store.redis=true", "optimizer.batch.job-store.namespace=no spaces").run(ctx ->
          assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("optimizer.batch.job-store: namespace"));
    }

    @Test
    void redisUrl_sharedConnectionAndL2() {
      runner.withPropertyValues("optimizer.redis.url=" + RedisAvailableCondition.redisUrl()).run(ctx -> {
        assertThat(ctx).hasSingleBean(RedisConnection.class);
        TieredCache<String, Object> c = ctx.getBean(CacheModule.class).cache("remote");
        assertThat(c.stats().tier(Tier.L2)).isNotNull();
      });
    }

    @Test
    void springDataRedisHostAndPort_sharedConnection() {
      URI uri = URI.create(RedisAvailableCondition.redisUrl());
      runner.withPropertyValues("spring.data.redis.host=" + uri.getHost(),
          "spring.data.redis.port=" + (uri.getPort() < 0 ? 6379 : uri.getPort())).run(ctx -> {
            assertThat(ctx).hasSingleBean(RedisConnection.class);
            assertThat(ctx.getBean(RedisConnection.class).server()).contains(uri.getHost());
          });
    }

    @Test
    void jedisAbsent_noConnectionEvenWithAUrl() {
      runner.withPropertyValues("optimizer.redis.url=" + RedisAvailableCondition.redisUrl())
          .withClassLoader(new FilteredClassLoader("redis.clients.jedis"))
          .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(RedisConnection.class));
    }
  }
}
