package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.testing.VirtualThreads;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** 500 callers on one key and one concurrency limit, platform and virtual threads: the limits hold exactly. */
class VirtualThreadLimitTest {
  private static final Pattern RESULT = Pattern.compile(
      "RESULT admitted=(\\d+) refused=(\\d+) maxInFlight=(\\d+) permits=(\\d+) escaped=(\\d+)");

  @Test
  void platformThreads_500Callers_rateAdmitsExactlyTheBurst_concurrencyNeverExceedsItsLimit() throws Exception {
    assertFigures(VirtualThreadLoad.run(Thread::new, 500));
  }

  // The suite runs on Java 17, so the virtual-thread load runs in a child JVM of Java 21 or later.
  @Test
  void virtualThreads_500Callers_rateAdmitsExactlyTheBurst_concurrencyNeverExceedsItsLimit() throws Exception {
    String java = VirtualThreads.javaBinary();
    if (java == null) {
      assertThat(System.getenv("CI")).as("no Java 21+ found for the virtual-thread load, and CI=true")
          .isNotEqualToIgnoringCase("true");
      Assumptions.abort("Skipping: no Java 21+ under /usr/lib/jvm for virtual threads");
    }
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", VirtualThreadLoad.class.getName(), "virtual", "500")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("child JVM exit; output:%n%s", out).isZero();
    Matcher m = RESULT.matcher(out);
    assertThat(m.find()).as("child output:%n%s", out).isTrue();
    assertFigures(new VirtualThreadLoad.Figures(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
  }

  private static void assertFigures(VirtualThreadLoad.Figures f) {
    assertThat(f.escaped()).as("exceptions reaching callers").isZero();
    // The limiter's clock never moves: GCRA admits the burst plus one, whatever the contention.
    assertThat(f.admitted()).as("admitted of 10,000 (%s)", f).isEqualTo(VirtualThreadLoad.BURST + 1);
    assertThat(f.admitted() + f.refused()).isEqualTo(500L * 20);
    assertThat(f.maxInFlight()).as("most calls holding a permit at once (%s)", f)
        .isPositive().isLessThanOrEqualTo(VirtualThreadLoad.LIMIT);
    assertThat(f.permits()).isPositive();
  }
}
