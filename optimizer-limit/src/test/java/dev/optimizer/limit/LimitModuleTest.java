package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.Feature;
import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.Profile;
import dev.optimizer.core.SystemMetric;
import dev.optimizer.core.SystemSample;
import dev.optimizer.core.TuningEvent;
import dev.optimizer.core.testing.FakeTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitModuleTest {
  private final List<Optimizer> optimizers = new ArrayList<>();
  private final FakeTicker ticker = new FakeTicker();

  private Optimizer optimizer(Properties props) {
    OptimizerConfig config = OptimizerConfig.custom().environment(Map.of()).systemProperties(props)
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build();
    Optimizer o = Optimizer.builder().config(config).ticker(ticker).build();
    optimizers.add(o);
    return o;
  }

  @AfterEach
  void close() {
    optimizers.forEach(Optimizer::close);
  }

  /** The service users write. */
  public interface Chat {
    @RateLimit(rate = "10/1m", burst = 5, key = "{0}")
    String send(String client, String message);

    @RateLimit(name = "tenants", rate = "2/1s", key = "tenant:{1}")
    String report(int id, String tenant);

    @ConcurrencyLimit(name = "uploads")
    String upload(CountDownLatch hold) throws InterruptedException;
  }

  static final class ChatService implements Chat {
    @Override
    public String send(String client, String message) {
      return client + ":" + message;
    }

    @Override
    public String report(int id, String tenant) {
      return tenant + id;
    }

    @Override
    public String upload(CountDownLatch hold) throws InterruptedException {
      hold.await();
      return "stored";
    }
  }

  @Test
  void rateLimit_perClientKey_refusesBeyondBurstWithRetryAfter_andEachClientHasItsOwn() {
    Optimizer o = optimizer(new Properties());
    Chat chat = o.proxy(Chat.class, new ChatService());
    for (int i = 0; i < 6; i++) {
      assertThat(chat.send("alice", "hi")).isEqualTo("alice:hi");
    }
    assertThatThrownBy(() -> chat.send("alice", "hi")).isInstanceOfSatisfying(RateLimitedException.class, e -> {
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(6));
      assertThat(e.key()).isEqualTo("alice");
      assertThat(e.limiter()).isEqualTo("Chat.send");
    });
    assertThat(chat.send("bob", "hi")).isEqualTo("bob:hi");
    ticker.advance(Duration.ofSeconds(6));
    assertThat(chat.send("alice", "again")).isEqualTo("alice:again");
    assertThat(o.meterRegistry().get("optimizer.limit.rate.decisions").tag("limiter", "Chat.send")
        .tag("outcome", "denied").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void testProfile_orLimitDisabled_annotatedMethodsAreNeverRefused() {
    OptimizerConfig testProfile = OptimizerConfig.custom().environment(Map.of()).systemProperties(new Properties())
        .profile(Profile.TEST).build();
    Properties off = new Properties();
    off.setProperty("optimizer.limit.enabled", "false");
    OptimizerConfig switchedOff = OptimizerConfig.custom().environment(Map.of()).systemProperties(off)
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build();
    for (OptimizerConfig config : List.of(testProfile, switchedOff)) {
      Optimizer o = Optimizer.builder().config(config).ticker(ticker).build();
      optimizers.add(o);
      assertThat(config.isEnabled(Feature.LIMIT)).isFalse();
      Chat chat = o.proxy(Chat.class, new ChatService());
      for (int i = 0; i < 20; i++) {
        assertThat(chat.send("alice", "hi")).isEqualTo("alice:hi");
      }
    }
  }

  @Test
  void rateLimit_keyTemplateWithLiteral_andSettingOverridesTheAnnotation() {
    Properties props = new Properties();
    props.setProperty("optimizer.limit.tenants.rate", "1/1h");
    Optimizer o = optimizer(props);
    Chat chat = o.proxy(Chat.class, new ChatService());
    assertThat(chat.report(1, "acme")).isEqualTo("acme1");
    assertThatThrownBy(() -> chat.report(2, "acme")).isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("tenant:acme");
    assertThat(chat.report(3, "other")).isEqualTo("other3");
    assertThat(o.module(LimitModule.class).rateLimiter("tenants", RateLimiterConfig.ofDefaults()).config().rate())
        .isEqualTo(Rate.parse("1/1h"));
  }

  @Test
  void rateLimiter_byName_settingFillsWhatTheBuilderLeft_builderWins() {
    Properties props = new Properties();
    props.setProperty("optimizer.limit.api.burst", "9");
    props.setProperty("optimizer.limit.api.rate", "1/1s");
    props.setProperty("optimizer.limit.max-concurrency", "8");
    Optimizer o = optimizer(props);
    LimitModule limits = o.module(LimitModule.class);
    RateLimiter api = limits.rateLimiter("api", RateLimiterConfig.custom().rate("5/1m").build());
    assertThat(api.config().rate()).isEqualTo(Rate.parse("5/1m"));
    assertThat(api.config().burst()).isEqualTo(9);
    assertThat(limits.rateLimiter("api", RateLimiterConfig.ofDefaults())).isSameAs(api);
    assertThat(limits.concurrencyLimiter("c").config().maxLimit()).isEqualTo(8);
    assertThat(limits.concurrencyLimiter("c").limit()).isEqualTo(8);
  }

  @Test
  void settings_unknownOrMalformed_failAtBuildNamingTheSetting() {
    Properties typo = new Properties();
    typo.setProperty("optimizer.limit.max-concurency", "5");
    assertThatThrownBy(() -> optimizer(typo)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.limit.max-concurrency");
    Properties bad = new Properties();
    bad.setProperty("optimizer.limit.chat.rate", "ten a minute");
    assertThatThrownBy(() -> optimizer(bad)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.limit.chat.rate");
  }

  /** Bad annotations. */
  public interface Broken {
    @RateLimit(rate = "10/1m", key = "{2}")
    String outOfRange(String a);

    @RateLimit(rate = "10 per minute")
    String badRate();
  }

  @Test
  void proxy_malformedAnnotation_isRefusedNamingTheMethod() {
    Optimizer o = optimizer(new Properties());
    Broken target = new Broken() {
      @Override
      public String outOfRange(String a) {
        return a;
      }

      @Override
      public String badRate() {
        return "";
      }
    };
    assertThatThrownBy(() -> o.proxy(Broken.class, target)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("(?s).*(outOfRange.*argument 2|badRate.*10 per minute).*");
  }

  @Test
  void concurrencyLimit_beyondLimit_rejectsFastWithTypedException_andCountsIt() throws Exception {
    Properties props = new Properties();
    props.setProperty("optimizer.limit.max-concurrency", "1000");
    Optimizer o = optimizer(props);
    LimitModule limits = o.module(LimitModule.class);
    ConcurrencyLimiter uploads = limits.concurrencyLimiter("uploads", ConcurrencyLimiterConfig.custom().initialLimit(3)
        .limits(1, 100).build());
    Chat chat = o.proxy(Chat.class, new ChatService());
    CountDownLatch hold = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<String>> running = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      running.add(pool.submit(() -> chat.upload(hold)));
    }
    org.awaitility.Awaitility.await().until(() -> uploads.inFlight() == 3);
    assertThatThrownBy(() -> chat.upload(new CountDownLatch(0)))
        .isInstanceOfSatisfying(ConcurrencyLimitExceededException.class, e -> {
          assertThat(e.limit()).isEqualTo(3);
          assertThat(e.limiter()).isEqualTo("uploads");
        });
    hold.countDown();
    for (Future<String> f : running) {
      assertThat(f.get()).isEqualTo("stored");
    }
    pool.shutdown();
    assertThat(uploads.inFlight()).isZero();
    assertThat(uploads.stats().rejected()).isEqualTo(1);
    assertThat(uploads.stats().accepted()).isEqualTo(3);
    assertThat(o.meterRegistry().get("optimizer.limit.concurrency.limit").tag("limiter", "uploads").gauge().value())
        .isEqualTo(3);
  }

  @Test
  void optimizeNow_cpuPressure_capsTheConcurrencyLimitThenLiftsTheCap() {
    double[] cpu = {0.99};
    OptimizerConfig config = OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .level(OptimizationLevel.ADVANCED).build();
    Optimizer o = Optimizer.builder().config(config).ticker(ticker)
        .sampleSource(() -> new SystemSample(Instant.now(), Map.of(SystemMetric.SYSTEM_CPU, cpu[0],
            SystemMetric.PROCESS_CPU, cpu[0], SystemMetric.MEMORY_USED, 0.1, SystemMetric.HEAP_USED, 0.1), 0))
        .build();
    optimizers.add(o);
    ConcurrencyLimiter limiter = o.module(LimitModule.class).concurrencyLimiter("api",
        ConcurrencyLimiterConfig.custom().initialLimit(40).build());
    List<TuningEvent> first = o.optimizeNow();
    assertThat(first).anySatisfy(e -> {
      assertThat(e.target()).isEqualTo("limit.api");
      assertThat(e.setting()).isEqualTo("concurrencyCap");
      assertThat(e.from()).isEqualTo("none");
      assertThat(e.to()).isEqualTo("30");
    });
    assertThat(limiter.limit()).isEqualTo(30);
    for (int i = 0; i < 10; i++) {
      o.optimizeNow();
    }
    assertThat(limiter.limit()).as("never below the ADVANCED floor, a quarter").isEqualTo(10);
    cpu[0] = 0.05;
    for (int i = 0; i < 10; i++) {
      o.optimizeNow();
    }
    assertThat(limiter.limit()).isEqualTo(40);
    assertThat(limiter.stats().cap()).isEqualTo(-1);
  }
}
