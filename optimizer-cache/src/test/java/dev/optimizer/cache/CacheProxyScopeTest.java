package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @CacheResult} through the core's proxies: which interface it counts on, and after close(). */
class CacheProxyScopeTest {

  public interface ItemLookup {
    String item(String id);
  }

  /** Another view of the same service, one that caches. */
  public interface CachedItems {
    @CacheResult(cache = "items")
    String item(String id);
  }

  public static class Items implements ItemLookup, CachedItems {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String item(String id) {
      return id + "#" + calls.incrementAndGet();
    }
  }

  private Optimizer optimizer;

  @BeforeEach
  void setUp() {
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .discoverModules(false).module(new CacheModule(CacheModuleConfig.ofDefaults())).build();
  }

  @AfterEach
  void tearDown() {
    optimizer.close();
  }

  @Test
  void proxy_cacheResultOnlyOnAnotherInterfaceOfTarget_notCached() {
    // Regression: issue 11 item 6
    Items target = new Items();
    ItemLookup lookup = optimizer.proxy(ItemLookup.class, target);
    assertThat(lookup.item("a")).isEqualTo("a#1");
    assertThat(lookup.item("a")).as("ItemLookup declares no caching").isEqualTo("a#2");
    assertThat(target.calls).hasValue(2);
  }

  @Test
  void proxy_cacheResultOnProxiedInterface_cached() {
    Items target = new Items();
    CachedItems cached = optimizer.proxy(CachedItems.class, target);
    assertThat(cached.item("a")).isEqualTo("a#1");
    assertThat(cached.item("a")).isEqualTo("a#1");
    assertThat(target.calls).hasValue(1);
  }

  @Test
  void proxy_callAfterClose_reachesTargetWithoutTouchingClosedCache() {
    // Regression: issue 11 item 4
    Items target = new Items();
    CachedItems cached = optimizer.proxy(CachedItems.class, target);
    assertThat(cached.item("a")).isEqualTo("a#1");

    optimizer.close();

    assertThat(cached.item("a")).as("goes to the target, not to the closed cache").isEqualTo("a#2");
    assertThat(cached.item("a")).isEqualTo("a#3");
    assertThat(target.calls).hasValue(3);
  }
}
