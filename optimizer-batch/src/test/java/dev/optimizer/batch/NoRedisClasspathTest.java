package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * optimizer-redis is optional: without it (and Jedis) the module and named jobs work in memory, and asking for
 * the Redis job store through the settings fails the start naming the missing dependency.
 */
class NoRedisClasspathTest {
  private static String run(String... args) throws Exception {
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("optimizer-redis") && !e.contains("jedis") && !e.contains("commons-pool2"))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(cp).doesNotContain("jedis");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", cp,
        NoRedisChild.class.getName()));
    cmd.addAll(Arrays.asList(args));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void namedJobsInMemory_withoutOptimizerRedisOrJedis_work() throws Exception {
    assertThat(run()).contains("ok jedis=false");
  }

  @Test
  void jobStoreRedisSetting_withoutOptimizerRedis_failsTheStartNamingTheDependency() throws Exception {
    assertThat(run("redis")).contains("refused: module batch failed to start: optimizer.batch.job-store.redis=true "
        + "needs dev.optimizer:optimizer-redis on the classpath");
  }
}
