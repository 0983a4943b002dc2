package dev.optimizer.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.bench.core.ProxyBench;
import org.junit.jupiter.api.Test;

class BenchmarkCatalogTest {
  @Test
  void load_builtJar_findsProxyBenchInItsGroupWithItsParams() {
    BenchmarkCatalog catalog = BenchmarkCatalog.load();
    BenchmarkClass proxy = catalog.find(ProxyBench.class.getName()).orElseThrow();
    assertThat(proxy.group()).isEqualTo(ProxyBench.GROUP);
    assertThat(proxy.methods()).containsExactly("call");
    assertThat(proxy.params().get("impl")).containsExactly("DIRECT", "PROXY", "ENHANCE");
    assertThat(catalog.groups()).startsWith("core");
  }

  @Test
  void groupOf_classWithoutConstant_usesPackageName() {
    assertThat(BenchmarkCatalog.groupOf("dev.optimizer.bench.lazy.NoSuchBench")).isEqualTo("lazy");
  }
}
