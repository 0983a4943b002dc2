package dev.optimizer.limit;

import dev.optimizer.core.Ticker;
import dev.optimizer.limit.internal.RedisGcraLimiter;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * One node of {@link CrossNodeAccuracyTest}, run in its own JVM: hammers one key through a Redis rate limiter
 * for a while and prints {@code A <server micros>} for every admission, then {@code DONE <decisions>
 * <redis calls> <fallbacks>}. Its own time source may be offset (a skewed clock).
 *
 * <p>Arguments: redis URL, rate, burst, run millis, clock offset millis, denied cache (true|false).
 */
public final class CrossNodeChild {
  private CrossNodeChild() {}

  public static void main(String[] args) {
    String url = args[0];
    String rate = args[1];
    int burst = Integer.parseInt(args[2]);
    long runNanos = Long.parseLong(args[3]) * 1_000_000L;
    long offsetMillis = Long.parseLong(args[4]);
    boolean deniedCache = Boolean.parseBoolean(args[5]);
    Ticker skewed = new Ticker() {
      @Override
      public long read() {
        return System.nanoTime() + offsetMillis * 1_000_000L;
      }

      @Override
      public long wallMillis() {
        return System.currentTimeMillis() + offsetMillis;
      }
    };
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    // Generous timeouts (a shared, loaded machine) and FAIL_CLOSED: an admission is only ever Redis's, logged
    // with the server's time; a fallback refuses and is counted.
    try (RedisConnection connection = RedisConnection.create(RedisConfig.custom().uri(url).ticker(skewed)
        .socketTimeout(java.time.Duration.ofSeconds(1)).build())) {
      RedisGcraLimiter limiter = (RedisGcraLimiter) RedisRateLimiter.create("accuracy", connection,
          RateLimiterConfig.custom().rate(rate).burst(burst).deniedCache(deniedCache).ticker(skewed)
              .failurePolicy(FailurePolicy.FAIL_CLOSED).build());
      long end = System.nanoTime() + runNanos;
      long decisions = 0;
      while (System.nanoTime() < end) {
        RedisGcraLimiter.ServerDecision d = limiter.decide("client-1");
        decisions++;
        if (d.decision().allowed()) {
          out.println("A " + d.serverMicros());
          out.flush();
        }
        LockSupport.parkNanos(200_000); // about 5,000 attempts per second per node
      }
      out.println("DONE " + decisions + " " + limiter.stats().redisCalls() + " " + limiter.stats().fallbacks());
      out.flush();
    }
  }
}
