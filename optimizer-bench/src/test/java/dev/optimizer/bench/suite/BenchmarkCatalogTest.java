package dev.optimizer.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.bench.core.ProxyBench;
import dev.optimizer.bench.redis.RedisConcurrentL2HitBench;
import dev.optimizer.bench.report.TargetTable;
import java.util.List;
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

  // Issue 11: the concurrent L2 row must reach the quick suite with ours and the peer, nothing else.
  @Test
  void load_concurrentL2Bench_inRedisGroupAndQuickModeRunsOursAndPeer() {
    BenchmarkClass bench = BenchmarkCatalog.load().find(RedisConcurrentL2HitBench.class.getName()).orElseThrow();
    assertThat(bench.group()).isEqualTo("redis");
    assertThat(QuickParams.select(bench, TargetTable.all()))
        .containsEntry("impl", List.of("TIERED_CACHE_L2", "RAW_JEDIS_POOL"));
  }
}
