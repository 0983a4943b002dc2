package dev.optimizer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.cache.CacheModule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.AopTestUtils;

@ExtendWith(OutputCaptureExtension.class)
class CacheManagerTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(OptimizerAutoConfiguration.class,
          OptimizerCacheManagerAutoConfiguration.class, CacheAutoConfiguration.class))
      .withPropertyValues("optimizer.monitoring.enabled=false")
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
      .withUserConfiguration(Books.class);

  public static class Library {
    final AtomicInteger loads = new AtomicInteger();

    @Cacheable("books")
    public String title(String isbn) {
      return "title of " + isbn + " #" + loads.incrementAndGet();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Books {
    @Bean
    Library library() {
      return new Library();
    }
  }

  @Test
  void cacheable_usesTheTieredCache_listedByTheCachesEndpointAndMetrics() {
    runner.run(ctx -> {
      assertThat(ctx.getBean(CacheManager.class)).isInstanceOf(OptimizerCacheManager.class);
      Library library = ctx.getBean(Library.class);
      assertThat(library.title("1")).isEqualTo(library.title("1"));
      assertThat(AopTestUtils.<Library>getTargetObject(library).loads).hasValue(1);
      CacheModule module = ctx.getBean(CacheModule.class);
      assertThat(module.cacheNames()).contains("books");
      assertThat(module.cache("books").getIfPresent("1")).isEqualTo("title of 1 #1");
      CachesEndpoint endpoint = new CachesEndpoint(ctx.getBeansOfType(CacheManager.class));
      assertThat(endpoint.caches().getCacheManagers().get("cacheManager").getCaches()).containsKey("books");
      assertThat(ctx.getBean(MeterRegistry.class).find("cache.gets").tag("cache", "books").meters())
          .isNotEmpty();
    });
  }

  @Test
  void evict_andClear_reachTheTieredCache() {
    runner.run(ctx -> {
      CacheManager manager = ctx.getBean(CacheManager.class);
      manager.getCache("books").put("k", "v");
      assertThat(manager.getCache("books").get("k").get()).isEqualTo("v");
      manager.getCache("books").evict("k");
      assertThat(manager.getCache("books").get("k")).isNull();
      manager.getCache("books").put("k", null);
      assertThat(manager.getCache("books").get("k")).isNull();
    });
  }

  @Test
  void anotherCacheManager_oursStepsAside_andSaysHowToChooseIt(CapturedOutput output) {
    runner.withBean("appCacheManager", CacheManager.class, ConcurrentMapCacheManager::new).run(ctx -> {
      assertThat(ctx).hasSingleBean(CacheManager.class).doesNotHaveBean(OptimizerCacheManager.class);
      assertThat(output).contains("the application defines CacheManager [appCacheManager]")
          .contains("new OptimizerCacheManager(module)");
    });
  }

  @Test
  void switchedOff_noManager() {
    runner.withPropertyValues("optimizer.cache.cache-manager=false").run(ctx ->
        assertThat(ctx).doesNotHaveBean(OptimizerCacheManager.class));
  }
}
