package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.testing.FakeTicker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachePutTest {
  @TempDir
  Path dir;

  private final FakeTicker ticker = new FakeTicker();
  private Optimizer optimizer;

  @AfterEach
  void close() {
    if (optimizer != null) {
      optimizer.close();
    }
  }

  private Optimizer optimizer(CacheModuleConfig config) {
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .ticker(ticker).module(new CacheModule(config)).build();
    return optimizer;
  }

  public interface Profiles {
    @CacheResult(cache = "profiles")
    String find(String id);

    @CachePut(cache = "profiles")
    String rename(@CacheKey String id, String name) throws IOException;

    @CachePut(cache = "profiles", ttl = "10s")
    String renameBriefly(@CacheKey String id, String name);
  }

  static class Store implements Profiles {
    final AtomicInteger finds = new AtomicInteger();
    final AtomicInteger renames = new AtomicInteger();

    @Override
    public String find(String id) {
      finds.incrementAndGet();
      return "stored-" + id;
    }

    @Override
    public String rename(String id, String name) throws IOException {
      renames.incrementAndGet();
      if (name.equals("fail")) {
        throw new IOException("db down");
      }
      return name.equals("none") ? null : name + "#" + renames.get();
    }

    @Override
    public String renameBriefly(String id, String name) {
      renames.incrementAndGet();
      return name;
    }
  }

  @Test
  void put_calledRepeatedly_runsMethodEveryTime() throws Exception {
    Store store = new Store();
    Profiles profiles = optimizer(CacheModuleConfig.ofDefaults()).proxy(Profiles.class, store);
    assertThat(profiles.rename("7", "ada")).isEqualTo("ada#1");
    assertThat(profiles.rename("7", "ada")).isEqualTo("ada#2");
    assertThat(profiles.rename("7", "ada")).isEqualTo("ada#3");
    assertThat(store.renames).hasValue(3);
  }

  @Test
  void put_thenCacheResultOfSameKey_returnsPutValueWithoutRunningMethod() throws Exception {
    Store store = new Store();
    Profiles profiles = optimizer(CacheModuleConfig.ofDefaults()).proxy(Profiles.class, store);
    assertThat(profiles.find("7")).isEqualTo("stored-7");
    profiles.rename("7", "ada");
    assertThat(profiles.find("7")).isEqualTo("ada#1");
    assertThat(profiles.find("8")).isEqualTo("stored-8");
    assertThat(store.finds).as("only the first find(7) and find(8) ran").hasValue(2);
    assertThat(optimizer.module(CacheModule.class).keyMismatchWarnings()).isEmpty();
  }

  @Test
  void put_withL3_valueWrittenToEveryTier() throws Exception {
    Store store = new Store();
    Profiles profiles = optimizer(CacheModuleConfig.custom().l3Directory(dir).build())
        .proxy(Profiles.class, store);
    profiles.rename("7", "ada");
    optimizer.close();

    Store second = new Store();
    Profiles again = optimizer(CacheModuleConfig.custom().l3Directory(dir).build())
        .proxy(Profiles.class, second);
    assertThat(again.find("7")).as("read from L3 after restart").isEqualTo("ada#1");
    assertThat(second.finds).hasValue(0);
  }

  @Test
  void put_methodThrows_exceptionUnchangedAndNothingStored() throws Exception {
    Store store = new Store();
    Profiles profiles = optimizer(CacheModuleConfig.ofDefaults()).proxy(Profiles.class, store);
    profiles.rename("7", "ada");
    assertThatThrownBy(() -> profiles.rename("7", "fail")).isInstanceOf(IOException.class)
        .hasMessage("db down");
    assertThat(profiles.find("7")).isEqualTo("ada#1");
  }

  @Test
  void put_nullResult_dropsEntrySoNextReadRunsMethod() throws Exception {
    Store store = new Store();
    Profiles profiles = optimizer(CacheModuleConfig.ofDefaults()).proxy(Profiles.class, store);
    profiles.rename("7", "ada");
    assertThat(profiles.rename("7", "none")).isNull();
    assertThat(profiles.find("7")).isEqualTo("stored-7");
    assertThat(store.finds).hasValue(1);
  }

  @Test
  void put_withTtl_entryExpiresAfterIt() {
    Store store = new Store();
    Profiles profiles = optimizer(CacheModuleConfig.ofDefaults()).proxy(Profiles.class, store);
    profiles.renameBriefly("7", "brief");
    assertThat(profiles.find("7")).isEqualTo("brief");
    ticker.advance(Duration.ofSeconds(11));
    assertThat(profiles.find("7")).isEqualTo("stored-7");
  }

  public interface PutAndRead {
    @CacheResult(cache = "x")
    @CachePut(cache = "x")
    String both(String id);
  }

  public interface VoidPut {
    @CachePut(cache = "x")
    void store(String id);
  }

  public interface UnreadPut {
    @CacheResult(cache = "x")
    String find(String id);

    @CachePut(cache = "x")
    String save(String id, String value);
  }

  @Test
  void proxy_unusablePut_rejectedNamingMethod() {
    Optimizer o = optimizer(CacheModuleConfig.ofDefaults());
    assertThatThrownBy(() -> o.proxy(PutAndRead.class, id -> id))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PutAndRead.both");
    assertThatThrownBy(() -> o.proxy(VoidPut.class, id -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VoidPut.store")
        .hasMessageContaining("void");
  }

  @Test
  void proxy_putKeyingOnMoreParametersThanResult_warns() {
    Optimizer o = optimizer(CacheModuleConfig.ofDefaults());
    o.proxy(UnreadPut.class, new UnreadPut() {
      @Override
      public String find(String id) {
        return id;
      }

      @Override
      public String save(String id, String value) {
        return value;
      }
    });
    assertThat(o.module(CacheModule.class).keyMismatchWarnings()).singleElement().asString()
        .contains("@CachePut(cache = \"x\")").contains("UnreadPut.save(String, String)")
        .contains("never read");
  }
}
