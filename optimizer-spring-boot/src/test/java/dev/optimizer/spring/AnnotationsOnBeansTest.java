package dev.optimizer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.spring.internal.OptimizerAdvisor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.AopTestUtils;

/** Every annotation works on plain Spring beans, with no {@code @Enable...} and no AspectJ. */
class AnnotationsOnBeansTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(OptimizerAutoConfiguration.class))
      .withPropertyValues("optimizer.monitoring.enabled=false")
      .withUserConfiguration(Beans.class);

  @Configuration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    TestBeans.Prices prices() {
      return new TestBeans.Prices();
    }

    @Bean
    TestBeans.Catalog catalog() {
      return new TestBeans.DbCatalog();
    }
  }

  @Test
  void cacheResult_classBean_proxiedBySubclassAndCached() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      assertThat(AopUtils.isCglibProxy(prices)).isTrue();
      state.store.put("a", 5);
      assertThat(prices.price("a")).isEqualTo(5);
      assertThat(prices.price("a")).isEqualTo(5);
      assertThat(state.loads).hasValue(1);
    });
  }

  @Test
  void cacheResult_completableFutureMethod_cachedAsItsValue_sharedWithTheSyncMethod_andInvalidated() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      state.store.put("a", 5);
      assertThat(prices.priceAsync("a").join()).isEqualTo(5);
      assertThat(prices.priceAsync("a")).as("a hit is a completed future").isCompletedWithValue(5);
      assertThat(prices.price("a")).as("same cache, same key").isEqualTo(5);
      assertThat(state.loads).hasValue(1);

      prices.change("a", 6);
      assertThat(prices.priceAsync("a").join()).isEqualTo(6);
      assertThat(state.loads).hasValue(2);
    });
  }

  @Test
  void cacheResult_refreshAfter_hitReturnsTheCachedValue_andTheBeanMethodRunsAgainThroughTheProxyChain() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      state.store.put("a", 5);
      assertThat(prices.freshPrice("a")).isEqualTo(5);
      state.store.put("a", 7);
      // Past the refresh mark (real time: the Spring context has no test ticker) a call still answers from
      // the cache, and one background call of the method brings the new price.
      await().pollDelay(Duration.ofMillis(250)).atMost(Duration.ofSeconds(5)).until(() -> true);
      assertThat(prices.freshPrice("a")).isEqualTo(5);
      await().atMost(Duration.ofSeconds(10)).until(() -> prices.freshPrice("a") == 7);
      assertThat(state.loads).hasValue(2);
    });
  }

  @Test
  void cacheResult_interfaceBean_proxiedThroughInterfaceAndCached() {
    runner.run(ctx -> {
      TestBeans.Catalog catalog = ctx.getBean(TestBeans.Catalog.class);
      assertThat(AopUtils.isJdkDynamicProxy(catalog)).isTrue();
      assertThat(catalog.title(7)).isEqualTo("title-7-1");
      assertThat(catalog.title(7)).isEqualTo("title-7-1");
      assertThat(catalog.title(8)).isEqualTo("title-8-2");
    });
  }

  @Test
  void cacheResult_interfaceBeanWithClassProxying_cached() {
    runner.withPropertyValues("spring.aop.proxy-target-class=true")
        .withConfiguration(AutoConfigurations.of(
            org.springframework.boot.autoconfigure.aop.AopAutoConfiguration.class))
        .run(ctx -> {
          TestBeans.Catalog catalog = ctx.getBean(TestBeans.Catalog.class);
          assertThat(AopUtils.isCglibProxy(catalog)).isTrue();
          assertThat(catalog.title(7)).isEqualTo(catalog.title(7));
        });
  }

  @Test
  void cacheInvalidateAndPut_dropAndReplaceTheEntry() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      assertThat(prices.price("a")).isZero();
      prices.change("a", 9);
      assertThat(prices.price("a")).isEqualTo(9);
      assertThat(state.loads).hasValue(2);
      assertThat(prices.set("a", 11)).isEqualTo(11);
      assertThat(prices.price("a")).isEqualTo(11);
      assertThat(state.loads).hasValue(2);
    });
  }

  @Test
  void batchProcess_splitsTheListIntoBatches() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      assertThat(prices.doubled(List.of(1, 2, 3, 4, 5))).containsExactly(2, 4, 6, 8, 10);
      assertThat(state.batches).containsExactlyInAnyOrder(List.of(1, 2), List.of(3, 4), List.of(5));
    });
  }

  @Test
  void parallelProcess_runsEachElementOnItsOwn() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      assertThat(prices.tripled(List.of(1, 2, 3))).containsExactly(3, 6, 9);
      assertThat(state.batches).containsExactlyInAnyOrder(List.of(1), List.of(2), List.of(3));
    });
  }

  @Test
  void lazyLoad_runsOnce() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      assertThat(prices.report()).isEqualTo("report-1");
      assertThat(prices.report()).isEqualTo("report-1");
    });
  }

  @Test
  void compressAndDecompress_roundTripThroughTheEngine() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      String text = "hello ".repeat(200);
      byte[] frame = prices.pack(text);
      assertThat(frame).isNotEqualTo(text.getBytes(StandardCharsets.UTF_8));
      assertThat(ctx.getBean(CompressionEngine.class).decompress(frame))
          .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
      assertThat(prices.unpack(frame)).isEqualTo(text);
    });
  }

  @Test
  void order_cacheOutsideBatch_theWholeListIsTheKey() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      assertThat(prices.cachedDoubled(List.of(1, 2, 3, 4))).containsExactly(2, 4, 6, 8);
      // Batched (outer call split in two), the inner self-call is not intercepted: 2 target runs.
      assertThat(state.batches).containsExactly(List.of(1, 2), List.of(3, 4));
      assertThat(prices.cachedDoubled(List.of(1, 2, 3, 4))).containsExactly(2, 4, 6, 8);
      assertThat(state.batches).hasSize(2); // a hit: batch never ran
      // Were the cache inside the batch, [1, 2] would be a cached batch; outside, it is a new key.
      assertThat(prices.cachedDoubled(List.of(1, 2))).containsExactly(2, 4);
      assertThat(state.batches).hasSize(3);
    });
  }

  @Test
  void moduleOrder_configured_batchOutsideCache_eachBatchIsAKey() {
    runner.withPropertyValues("optimizer.advisor.module-order.batch=50").run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      assertThat(prices.cachedDoubled(List.of(1, 2, 3, 4))).containsExactly(2, 4, 6, 8);
      assertThat(state.batches).hasSize(2);
      // Batch outside: [1, 2] was one batch's key, so it is a hit now.
      assertThat(prices.cachedDoubled(List.of(1, 2))).containsExactly(2, 4);
      assertThat(state.batches).hasSize(2);
    });
  }

  @Test
  void moduleOrder_unknownModule_stopsStartupNamingTheKey() {
    runner.withPropertyValues("optimizer.advisor.module-order.caching=50").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(new dev.optimizer.spring.internal.OptimizerFailureAnalyzer().analyze(ctx.getStartupFailure())
          .getDescription()).contains("optimizer.advisor.module-order.caching").contains("cache");
    });
  }

  @Test
  void cacheResult_200ConcurrentCallers_onKeyLoadsOnce_andBatchesFromWorkerThreadsStayCorrect() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      state.store.put("hot", 7);
      int callers = 200;
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(callers);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
      try {
        List<java.util.concurrent.Future<List<Object>>> results = new java.util.ArrayList<>();
        for (int i = 0; i < callers; i++) {
          int n = i;
          results.add(pool.submit(() -> {
            start.await();
            return List.of(prices.price("hot"), prices.doubled(List.of(n, n + 1, n + 2)));
          }));
        }
        for (int i = 0; i < callers; i++) {
          List<Object> r = results.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS);
          assertThat(r.get(0)).isEqualTo(7);
          assertThat(r.get(1)).isEqualTo(List.of(2 * i, 2 * i + 2, 2 * i + 4));
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(state.loads).hasValue(1);
      assertThat(state.batches).hasSize(2 * callers);
    });
  }

  /** Documented behaviour: a bean calling its own method through {@code this} bypasses the proxy. */
  @Test
  void selfInvocation_isNotIntercepted() {
    runner.run(ctx -> {
      TestBeans.Prices prices = ctx.getBean(TestBeans.Prices.class);
      TestBeans.Prices state = AopTestUtils.getTargetObject(prices);
      prices.priceTwiceInternally("x");
      assertThat(state.loads).hasValue(2);
      prices.price("x"); // through the proxy: cached from now on
      prices.price("x");
      assertThat(state.loads).hasValue(3);
    });
  }

  @Test
  void finalPrivateStaticAnnotatedMethods_warnAtStartupNamingThem() {
    runner.run(ctx -> {
      List<String> warnings = ctx.getBean(OptimizerAdvisor.class).unproxiableWarnings();
      assertThat(warnings).hasSize(3);
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains("final method")
          .contains(TestBeans.Prices.class.getName() + ".finalPrice"));
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains("private method")
          .contains(TestBeans.Prices.class.getName() + ".privatePrice"));
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains("static method")
          .contains(TestBeans.Prices.class.getName() + ".staticPrice"));
    });
  }
}
