package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** optimizer-redis is optional: the local limiter and both annotations work with neither it nor Jedis. */
class NoRedisClasspathTest {
  @Test
  void localLimitersAndAnnotations_withoutOptimizerRedisOrJedis_work() throws Exception {
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("optimizer-redis") && !e.contains("jedis") && !e.contains("commons-pool2"))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(cp).doesNotContain("jedis");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", cp, NoRedisChild.class.getName())
        .redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("ok refused done jedis=false");
    assertThat(child.exitValue()).as(out).isZero();
  }
}
