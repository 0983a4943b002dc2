package dev.optimizer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void parse_noArguments_quickSuiteWithDemo() {
    BenchOptions o = BenchOptions.parse();
    assertThat(o.full()).isFalse();
    assertThat(o.demo()).isTrue();
    assertThat(o.suite()).isTrue();
    assertThat(o.groups()).isEmpty();
    assertThat(o.jmhArgs()).isNull();
  }

  @Test
  void parse_fullGroupsOut_setsThem() {
    BenchOptions o = BenchOptions.parse("--full", "--groups", "core, cache", "--out", "x/y", "--no-demo");
    assertThat(o.full()).isTrue();
    assertThat(o.demo()).isFalse();
    assertThat(o.groups()).containsExactlyInAnyOrder("core", "cache");
    assertThat(o.outputDir()).isEqualTo(Path.of("x/y"));
  }

  @Test
  void parse_jmh_passesEverythingAfterIt() {
    BenchOptions o = BenchOptions.parse("--jmh", "ProxyBench", "-f", "1", "--full");
    assertThat(o.jmhArgs()).containsExactly("ProxyBench", "-f", "1", "--full");
  }

  @Test
  void parse_unknownOption_throwsNamingIt() {
    assertThatThrownBy(() -> BenchOptions.parse("--fast")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--fast");
  }

  @Test
  void parse_outWithoutValue_throwsNamingOption() {
    assertThatThrownBy(() -> BenchOptions.parse("--out")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--out needs a value");
  }
}
