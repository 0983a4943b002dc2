package dev.optimizer.spring;

import dev.optimizer.cache.CacheModule;
import dev.optimizer.core.Optimizer;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * A Spring {@link CacheManager} over the tiered caches, so {@code @Cacheable} gets L1/L2/L3 with no code
 * change, and Boot's {@code caches} endpoint and cache metrics list them. Steps aside, with an INFO line
 * saying how to choose it anyway, when the application defines another {@code CacheManager}. Runs before
 * Boot's cache auto-configuration, which then backs off. Off with {@code optimizer.cache.cache-manager=false}.
 */
@AutoConfiguration(after = OptimizerAutoConfiguration.class,
    beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(name = {"dev.optimizer.cache.CacheModule",
    "org.springframework.cache.transaction.AbstractTransactionSupportingCacheManager"})
@ConditionalOnBean(CacheModule.class)
@ConditionalOnProperty(prefix = "optimizer.cache", name = "cache-manager", havingValue = "true",
    matchIfMissing = true)
public class OptimizerCacheManagerAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(OptimizerCacheManagerAutoConfiguration.class);

  /** The manager; writes inside a transaction wait for its commit, as the optimizer's annotations do. */
  @Bean
  @ConditionalOnMissingBean(CacheManager.class)
  OptimizerCacheManager cacheManager(Optimizer optimizer, CacheModule module) {
    OptimizerCacheManager manager = new OptimizerCacheManager(module);
    manager.setTransactionAware(ClassUtils.isPresent(
        "org.springframework.transaction.support.TransactionSynchronizationManager",
        OptimizerCacheManagerAutoConfiguration.class.getClassLoader()));
    return manager;
  }

  /** Says why there is no optimizer CacheManager, and how to have one. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(CacheManager.class)
  static class OtherCacheManager {
    OtherCacheManager(ListableBeanFactory beans) {
      String[] names = beans.getBeanNamesForType(CacheManager.class, false, false);
      log.info("optimizer: the application defines CacheManager {}, so the optimizer's tiered CacheManager "
          + "steps aside; to use it, remove that bean or declare "
          + "@Bean CacheManager tiered(CacheModule module) {{ return new OptimizerCacheManager(module); }} "
          + "(mark one @Primary)", Arrays.toString(names));
    }
  }
}
