package dev.optimizer.spring;

import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.BatchProcessor;
import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.CacheModuleConfig;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.CompressionModule;
import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.spi.OptimizerModule;
import dev.optimizer.lazy.LazyModule;
import dev.optimizer.limit.LimitModule;
import dev.optimizer.lazy.LazyRegistry;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.spring.internal.AutoProxyRegistrar;
import dev.optimizer.spring.internal.CacheSpecs;
import dev.optimizer.spring.internal.L2Tiers;
import dev.optimizer.spring.internal.OptimizerAdvisor;
import dev.optimizer.spring.internal.OptimizerRuntime;
import dev.optimizer.spring.internal.RedisJobStores;
import dev.optimizer.spring.internal.RedisLimits;
import dev.optimizer.spring.internal.RedisSettings;
import dev.optimizer.spring.internal.RuntimeContribution;
import dev.optimizer.spring.internal.SettingsMapper;
import dev.optimizer.spring.internal.TransactionAwareCacheWrites;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the {@link Optimizer} and its modules from {@code optimizer.*} properties: the
 * optimizer bound to the application's {@link MeterRegistry}; a bean per module found on the classpath, and
 * the {@link BatchProcessor}, {@link CompressionEngine} and {@link LazyRegistry} they own; the shared
 * {@link RedisConnection} when {@code optimizer.redis.url} or Boot's {@code spring.data.redis.*} is set; the
 * L3 directory; and the advisor that makes every optimizer annotation work on any bean, with no
 * {@code @Enable...} and no AspectJ. Every bean backs off when the application defines its own.
 *
 * <p>Modules are beans, not {@code ServiceLoader} discoveries: a module of your own is added by declaring it
 * as an {@link OptimizerModule} bean (the optimizer starts and closes it).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnProperty(prefix = "optimizer", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(OptimizerProperties.class)
@Import(AutoProxyRegistrar.class)
public class OptimizerAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(OptimizerAutoConfiguration.class);

  /**
   * The optimizer's advisor. Static, and the optimizer looked up lazily, so that creating the advisor (which
   * happens before ordinary beans) does not create the optimizer or the meter registry early.
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  @ConditionalOnMissingBean(OptimizerAdvisor.class)
  static OptimizerAdvisor optimizerAdvisor(ObjectProvider<Optimizer> optimizer,
      ObjectProvider<OptimizerModule> modules, Environment environment) {
    Binder binder = Binder.get(environment);
    int order = binder.bind("optimizer.advisor.order", Integer.class).orElse(0);
    java.util.Map<String, Integer> moduleOrder = binder.bind("optimizer.advisor.module-order",
        org.springframework.boot.context.properties.bind.Bindable.mapOf(String.class, Integer.class))
        .orElse(java.util.Map.of());
    return new OptimizerAdvisor(optimizer, modules, moduleOrder, order);
  }

  /** The started optimizer and the named caches; closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(Optimizer.class)
  OptimizerRuntime optimizerRuntime(OptimizerProperties properties, ObjectProvider<MeterRegistry> registry,
      ObjectProvider<OptimizerModule> modules, ObjectProvider<OptimizerCustomizer> customizers,
      ObjectProvider<RuntimeContribution> contributions, ResourceLoader resourceLoader) {
    ClassLoader loader = resourceLoader.getClassLoader() != null ? resourceLoader.getClassLoader()
        : OptimizerAutoConfiguration.class.getClassLoader();
    SettingsMapper settings = new SettingsMapper(properties);
    OptimizerConfig config;
    try {
      config = OptimizerConfig.custom().classLoader(loader).systemProperties(settings.properties()).build();
    } catch (InvalidSettingException e) {
      throw settings.translate(e);
    }
    Optimizer.Builder builder = Optimizer.builder().config(config).discoverModules(false).classLoader(loader);
    registry.ifAvailable(builder::meterRegistry);
    modules.orderedStream().forEach(builder::module);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    Optimizer optimizer;
    try {
      optimizer = builder.build();
    } catch (InvalidSettingException e) {
      throw settings.translate(e);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof InvalidSettingException invalid) {
        throw settings.translate(invalid);
      }
      throw e;
    }
    OptimizerRuntime runtime = new OptimizerRuntime(optimizer,
        dev.optimizer.core.spi.Settings.bind(System.getenv(), settings.properties()));
    try {
      contributions.orderedStream().forEach(c -> c.contribute(runtime));
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
    return runtime;
  }

  /** The optimizer; the runtime bean closes it. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean(Optimizer.class)
  Optimizer optimizer(OptimizerRuntime runtime) {
    return runtime.optimizer();
  }

  /** The shared Redis connection every cache's L2 uses. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"dev.optimizer.redis.RedisConnection", "redis.clients.jedis.UnifiedJedis"})
  @Conditional(RedisSettings.Configured.class)
  static class RedisConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(RedisConnection.class)
    RedisConnection optimizerRedisConnection(Environment environment) {
      RedisConnection connection = RedisConnection.create(RedisSettings.from(environment));
      log.info("optimizer: shared Redis connection to {}", connection.server());
      return connection;
    }

    /** L2 tiers over that connection, for the cache module. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.optimizer.cache.CacheModule")
    static class L2Configuration {
      @Bean
      @ConditionalOnMissingBean(L2Tiers.class)
      L2Tiers optimizerL2Tiers(RedisConnection connection) {
        return name -> RedisTier.create(connection, RedisTierConfig.custom().connection(connection.config())
            .cacheName(name).build());
      }
    }
  }

  /** The cache module: defaults, L2 over the shared connection, L3 directory, writes after commit. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.optimizer.cache.CacheModule")
  static class CacheConfiguration {
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(CacheModule.class)
    CacheModule optimizerCacheModule(OptimizerProperties properties, ObjectProvider<L2Tiers> l2,
        ResourceLoader resourceLoader) {
      OptimizerProperties.Cache p = properties.getCache();
      CacheModuleConfig.Builder b = CacheModuleConfig.custom().template(template(properties));
      List<String> tiers = CacheSpecs.tiers(p.getDefaults(), p.getDefaults(), "optimizer.cache.defaults");
      L2Tiers tiersOverRedis = l2.getIfAvailable();
      if (tiersOverRedis != null && (tiers == null || tiers.contains("L2"))) {
        b.l2(tiersOverRedis);
      }
      Path l3 = l3Directory(p, resourceLoader.getClassLoader());
      if (l3 != null && (tiers == null || tiers.contains("L3"))) {
        b.l3Directory(l3);
      }
      if (!p.getAllow().isEmpty()) {
        b.allow(p.getAllow().toArray(String[]::new));
      }
      if (ClassUtils.isPresent("org.springframework.transaction.support.TransactionSynchronizationManager",
          resourceLoader.getClassLoader())) {
        b.writeTiming(new TransactionAwareCacheWrites());
      }
      return new CacheModule(b.build());
    }

    /** Builds and registers the caches named under {@code optimizer.cache.caches}. */
    @Bean
    RuntimeContribution optimizerNamedCaches(OptimizerProperties properties, ObjectProvider<L2Tiers> l2,
        ResourceLoader resourceLoader) {
      return runtime -> runtime.registerNamedCaches(properties, template(properties), l2.getIfAvailable(),
          l3Directory(properties.getCache(), resourceLoader.getClassLoader()));
    }

    private static CacheConfig template(OptimizerProperties properties) {
      CacheConfig.Builder t = CacheConfig.custom("default");
      OptimizerProperties.CacheSpec d = properties.getCache().getDefaults();
      CacheSpecs.apply(d, t, "optimizer.cache.defaults");
      List<String> tiers = CacheSpecs.tiers(d, d, "optimizer.cache.defaults");
      if (tiers != null && !tiers.contains("L1")) {
        t.l1Enabled(false);
      }
      return t.build();
    }

    private static @Nullable Path l3Directory(OptimizerProperties.Cache p, @Nullable ClassLoader loader) {
      if (p.getL3Directory() == null) {
        return null;
      }
      if (!OptimizerRuntime.mapDbPresent(loader)) {
        log.warn("optimizer.cache.l3-directory is set to {} but MapDB (org.mapdb:mapdb) is not on the classpath: "
            + "caches have no L3", p.getL3Directory());
        return null;
      }
      return p.getL3Directory();
    }
  }

  // The engines below come from the optimizer's started module; with an application-defined optimizer that
  // lacks the module they are null beans (absent for injection points that allow it).

  /**
   * The batch module and its processor; with {@code optimizer.batch.job-store.redis=true} its named jobs live
   * in Redis on the shared connection (the start fails, naming what is missing, without one).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.optimizer.batch.BatchModule")
  static class BatchConfiguration {
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(BatchModule.class)
    BatchModule optimizerBatchModule(OptimizerProperties properties, BeanFactory beans) {
      OptimizerProperties.BatchJobStore store = properties.getBatch().getJobStore();
      return store.isRedis() ? RedisJobStores.module(beans, store) : new BatchModule();
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(BatchProcessor.class)
    @Nullable BatchProcessor optimizerBatchProcessor(Optimizer optimizer) {
      return optimizer.findModule(BatchModule.class).map(BatchModule::processor).orElse(null);
    }
  }

  /** The compression module and its engine. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.optimizer.compress.CompressionModule")
  static class CompressionConfiguration {
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(CompressionModule.class)
    CompressionModule optimizerCompressionModule() {
      return new CompressionModule();
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(CompressionEngine.class)
    @Nullable CompressionEngine optimizerCompressionEngine(Optimizer optimizer) {
      return optimizer.findModule(CompressionModule.class).map(CompressionModule::engine).orElse(null);
    }
  }

  /** The lazy module and its registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.optimizer.lazy.LazyModule")
  static class LazyConfiguration {
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(LazyModule.class)
    LazyModule optimizerLazyModule() {
      return new LazyModule();
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(LazyRegistry.class)
    @Nullable LazyRegistry optimizerLazyRegistry(Optimizer optimizer) {
      return optimizer.findModule(LazyModule.class).map(LazyModule::registry).orElse(null);
    }
  }

  /**
   * The limit module deciding through the shared Redis connection ({@code optimizer.limit.redis=true}); fails
   * the start, naming what is missing, when there is no {@link RedisConnection} bean.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.optimizer.limit.LimitModule")
  @ConditionalOnProperty(name = "optimizer.limit.redis", havingValue = "true")
  static class RedisLimitConfiguration {
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(LimitModule.class)
    LimitModule optimizerLimitModule(BeanFactory beans) {
      return RedisLimits.module(beans);
    }
  }

  /** The limit module with local rate limiters: {@code @RateLimit} and {@code @ConcurrencyLimit} on beans. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.optimizer.limit.LimitModule")
  @ConditionalOnProperty(name = "optimizer.limit.redis", havingValue = "false", matchIfMissing = true)
  static class LimitConfiguration {
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(LimitModule.class)
    LimitModule optimizerLimitModule() {
      return new LimitModule();
    }
  }
}
