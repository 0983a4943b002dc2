package dev.optimizer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.spring.internal.OptimizerFailureAnalyzer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A bad value stops startup, and the failure analysis names the property and what it accepts. */
class BadSettingsTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(OptimizerAutoConfiguration.class))
      .withPropertyValues("optimizer.monitoring.enabled=false");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "optimizer.cpu-threshold=1.5 | optimizer.cpu-threshold | (0, 1]",
      "optimizer.level=FAST | optimizer.level | NONE, BASIC, ADVANCED, AGGRESSIVE",
      "optimizer.profile=STAGING | optimizer.profile | DEVELOPMENT, PRODUCTION, TEST",
      "optimizer.compress.level=TURBO | optimizer.compress.level | FAST",
      "optimizer.batch.max-workers=0 | optimizer.batch.max-workers | 1",
      "optimizer.cache.defaults.l1-size=0 | optimizer.cache.defaults.l1-size | 1",
      "optimizer.cache.caches.users.l1-size=-3 | optimizer.cache.caches.users.l1-size | 1",
      "optimizer.cache.caches.users.tiers=L1,L4 | optimizer.cache.caches.users.tiers | L1, L2, L3",
      "optimizer.cache.defaults.tiers=L9 | optimizer.cache.defaults.tiers | L1, L2, L3",
      "optimizer.cache.caches.users.tiers=L1,L2 | optimizer.cache.caches.users.tiers | optimizer.redis.url",
  })
  void badValue_stopsStartup_analysisNamesPropertyAndAcceptedValues(String setting, String key,
      String accepted) {
    runner.withPropertyValues(setting).run(ctx -> {
      assertThat(ctx).hasFailed();
      FailureAnalysis analysis = new OptimizerFailureAnalyzer().analyze(ctx.getStartupFailure());
      assertThat(analysis).as("analysis of %s", ctx.getStartupFailure()).isNotNull();
      assertThat(analysis.getDescription()).contains(key).contains(accepted);
      assertThat(analysis.getAction()).contains(key);
    });
  }
}
