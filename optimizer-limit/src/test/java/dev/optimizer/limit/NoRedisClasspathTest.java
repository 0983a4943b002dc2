package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/** optimizer-redis is optional: the local limiter and both annotations work with neither it nor Jedis. */
class NoRedisClasspathTest {
  @Test
  void localLimitersAndAnnotations_withoutOptimizerRedisOrJedis_work() throws Exception {
    assertThat(ChildJvm.runWithout(ChildJvm.WITHOUT_REDIS, NoRedisChild.class)).contains("ok refused done jedis=false");
  }
}
