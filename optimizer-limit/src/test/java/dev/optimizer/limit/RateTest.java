package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.spi.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RateTest {
  @Test
  void parse_wellFormed_readsPermitsAndPeriod() {
    assertThat(Rate.parse("10/1m")).isEqualTo(new Rate(10, Duration.ofMinutes(1)));
    assertThat(Rate.parse(" 100 / 1s ")).isEqualTo(new Rate(100, Duration.ofSeconds(1)));
    assertThat(Rate.parse("5/PT30S").intervalNanos()).isEqualTo(6_000_000_000L);
  }

  @Test
  void parse_malformed_namesTheTextAndTheForm() {
    assertThatThrownBy(() -> Rate.parse("10")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'10'").hasMessageContaining("<permits>/<period>");
    assertThatThrownBy(() -> Rate.parse("ten/1m")).hasMessageContaining("permits 'ten'");
    assertThatThrownBy(() -> Rate.parse("10/60")).hasMessageContaining("period");
    assertThatThrownBy(() -> Rate.parse("0/1s")).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> Rate.parse("10/0s")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rate.parse("2000000000/1s")).hasMessageContaining("finer than one permit per ns");
  }

  @Test
  void config_invalidArguments_rejectedByTheirSetter() {
    assertThatThrownBy(() -> RateLimiterConfig.custom().burst(-1)).hasMessageContaining("burst");
    assertThatThrownBy(() -> RateLimiterConfig.custom().keyPrefix("a{b")).hasMessageContaining("keyPrefix");
    assertThatThrownBy(() -> RateLimiterConfig.custom().rate("1/100000d").burst(1_000_000).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("burst 1000000");
    assertThatThrownBy(() -> ConcurrencyLimiterConfig.custom().limits(10, 5).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("minLimit 10 > maxLimit 5");
    assertThatThrownBy(() -> ConcurrencyLimiterConfig.custom().initialLimit(5000).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("initialLimit 5000");
    assertThatThrownBy(() -> ConcurrencyLimiterConfig.custom().percentile(0.1)).hasMessageContaining("percentile");
  }

  @Test
  void settings_fillWhatTheBuilderDidNotSet() {
    Properties props = new Properties();
    props.setProperty("optimizer.limit.chat.rate", "30/1m");
    props.setProperty("optimizer.limit.failure-policy", "fail_closed");
    Settings settings = Settings.bind(Map.of("OPTIMIZER_LIMIT_CHAT_BURST", "7"), props);
    RateLimiterConfig bound = RateLimiterConfig.custom().settings(settings, "chat").build();
    assertThat(bound.rate()).isEqualTo(Rate.parse("30/1m"));
    assertThat(bound.burst()).isEqualTo(7);
    assertThat(bound.failurePolicy()).isEqualTo(FailurePolicy.FAIL_CLOSED);
    RateLimiterConfig explicit = RateLimiterConfig.custom().rate("5/1s").burst(1).settings(settings, "chat").build();
    assertThat(explicit.rate()).isEqualTo(Rate.parse("5/1s"));
    assertThat(explicit.burst()).isEqualTo(1);
  }
}
