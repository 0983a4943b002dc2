package dev.optimizer.bench.limit;

import dev.optimizer.limit.RateLimiter;
import dev.optimizer.limit.RateLimiterConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Local rate-limit decisions per second, one and two threads on one limit: ours ({@code RateLimiter.local},
 * keyed, one CAS per decision) against Bucket4j's local lock-free bucket and Resilience4j's {@code
 * RateLimiter} ({@code acquirePermission}, no wait). Every limiter allows 100 million per second, more than
 * a decision costs, so each decision is an admission and the figure is the decision's own cost. Target
 * (issue 16): at least as fast as the faster peer.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'LocalRateLimitBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LocalRateLimitBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "limit";
  private static final int PER_SECOND = 100_000_000;

  /** Who decides. */
  public enum Impl {
    /** Ours: {@code RateLimiter.local(..).tryAcquire(key)}. */
    OPTIMIZER,
    /** Peer: Bucket4j {@code Bucket.tryConsume(1)} (local, lock-free). */
    BUCKET4J,
    /** Peer: Resilience4j {@code RateLimiter.acquirePermission()} with no wait. */
    RESILIENCE4J
  }

  /** The implementation measured. */
  @Param
  public Impl impl;

  private RateLimiter ours;
  private Bucket bucket;
  private io.github.resilience4j.ratelimiter.RateLimiter r4j;

  /** Builds the three limiters with the same rate. */
  @Setup(Level.Trial)
  public void setUp() {
    ours = RateLimiter.local("bench", RateLimiterConfig.custom().rate(PER_SECOND + "/1s").burst(10_000).build());
    bucket = Bucket.builder().addLimit(Bandwidth.builder().capacity(PER_SECOND).refillGreedy(PER_SECOND,
        Duration.ofSeconds(1)).build()).build();
    r4j = RateLimiterRegistry.of(io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
        .limitForPeriod(PER_SECOND).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build())
        .rateLimiter("bench");
  }

  /** One decision, one thread. */
  @Benchmark
  @Threads(1)
  public boolean oneThread() {
    return decide();
  }

  /** One decision, two threads on the same limit. */
  @Benchmark
  @Threads(2)
  public boolean twoThreads() {
    return decide();
  }

  private boolean decide() {
    return switch (impl) {
      case OPTIMIZER -> ours.tryAcquire("client").allowed();
      case BUCKET4J -> bucket.tryConsume(1);
      case RESILIENCE4J -> r4j.acquirePermission();
    };
  }

  /** Closes ours. */
  @TearDown(Level.Trial)
  public void tearDown() {
    ours.close();
  }
}
