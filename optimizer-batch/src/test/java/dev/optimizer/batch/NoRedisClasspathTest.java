package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * optimizer-redis is optional: without it (and Jedis) the module and named jobs work in memory, and asking for
 * the Redis job store through the settings fails the start naming the missing dependency.
 */
class NoRedisClasspathTest {
  @Test
  void namedJobsInMemory_withoutOptimizerRedisOrJedis_work() throws Exception {
    assertThat(ChildJvm.runWithout(ChildJvm.WITHOUT_REDIS, NoRedisChild.class)).contains("ok jedis=false");
  }

  @Test
  void jobStoreRedisSetting_withoutOptimizerRedis_failsTheStartNamingTheDependency() throws Exception {
    assertThat(ChildJvm.runWithout(ChildJvm.WITHOUT_REDIS, NoRedisChild.class, "redis"))
        .contains("refused: module batch failed to start: optimizer.batch.job-store.redis=true "
            + "needs dev.optimizer:optimizer-redis on the classpath");
  }
}
