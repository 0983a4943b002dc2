package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of README.md and docs/limit.md, compiled and run; the regions between the tag markers
 * are checked against the pages by optimizer-bench's ReadmeSnippetsCheckTest.
 */
class ReadmeLimitSnippetsTest {
  private static Optimizer optimizer() {
    return Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .level(OptimizationLevel.NONE).build()).build();
  }

  /** What the page's snippet returns from. */
  public record Reply(String text) {}

  private static Reply answer(String clientId, String message) {
    return new Reply(clientId + ": " + message);
  }

  private static Reply chat(LimitModule limits, String clientId, String message) {
    // tag::limit-readme[]
    RateLimiter perClient = limits.rateLimiter("chat",
            RateLimiterConfig.custom().rate("10/1m").burst(5).build());
    RateLimitDecision d = perClient.tryAcquire(clientId);   // never waits
    if (!d.allowed()) {
        throw new RateLimitedException("chat", clientId, d.retryAfter());  // e.g. HTTP 429 + Retry-After
    }
    return answer(clientId, message);
    // end::limit-readme[]
  }

  @Test
  void readmeSnippet_perClientRate_sixAtOnceThenRefusedWithRetryAfter() {
    try (Optimizer optimizer = optimizer()) {
      LimitModule limits = optimizer.module(LimitModule.class);
      for (int i = 0; i < 6; i++) {
        assertThat(chat(limits, "alice", "hi").text()).isEqualTo("alice: hi");
      }
      assertThatThrownBy(() -> chat(limits, "alice", "hi")).isInstanceOfSatisfying(RateLimitedException.class,
          e -> assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(6)));
      assertThat(chat(limits, "bob", "hi").text()).isEqualTo("bob: hi");
    }
  }

  /** A receipt. */
  public record Receipt(long bytes) {}

  // tag::limit-annotations[]
  public interface ChatApi {
      @RateLimit(rate = "10/1m", burst = 5, key = "{0}")        // per client: argument 0
      String send(String clientId, String message);

      @ConcurrencyLimit(name = "uploads")                        // adaptive, shared by every method naming it
      Receipt upload(String clientId, byte[] file);
  }
  // end::limit-annotations[]

  @Test
  void annotationsSnippet_proxy_limitsPerClientAndRunsUploadsUnderThePermit() {
    try (Optimizer optimizer = optimizer()) {
      ChatApi api = optimizer.proxy(ChatApi.class, new ChatApi() {
        @Override
        public String send(String clientId, String message) {
          return message;
        }

        @Override
        public Receipt upload(String clientId, byte[] file) {
          return new Receipt(file.length);
        }
      });
      for (int i = 0; i < 6; i++) {
        api.send("c1", "m");
      }
      assertThatThrownBy(() -> api.send("c1", "m")).isInstanceOf(RateLimitedException.class);
      assertThat(api.upload("c1", new byte[3]).bytes()).isEqualTo(3);
      assertThat(optimizer.module(LimitModule.class).concurrencyLimiter("uploads").stats().accepted()).isEqualTo(1);
    }
  }

  private final List<byte[]> stored = new ArrayList<>();

  private void store(byte[] file) {
    stored.add(file);
  }

  private void upload(byte[] file) {
    // tag::limit-concurrency[]
    ConcurrencyLimiter uploads = ConcurrencyLimiter.create("uploads", ConcurrencyLimiterConfig.custom()
            .limits(2, 200).queue(8, Duration.ofMillis(50)).build());
    try (ConcurrencyLimiter.Permit permit = uploads.acquire()) {  // else ConcurrencyLimitExceededException, fast
        store(file);                                              // latency recorded when the permit closes
    }
    // end::limit-concurrency[]
    assertThat(uploads.stats().accepted()).isEqualTo(1);
    assertThat(uploads.inFlight()).isZero();
  }

  @Test
  void concurrencySnippet_permitAroundTheWork_storesAndReleases() {
    upload(new byte[] {1, 2});
    assertThat(stored).hasSize(1);
  }
}
