package dev.optimizer.limit;

import dev.optimizer.core.testing.FakeTicker;
import dev.optimizer.core.testing.VirtualThreads;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Hundreds of callers on one rate limiter key and one concurrency limiter, on platform or virtual threads
 * (run as a child JVM of Java 21+ for virtual threads: {@code main("virtual", callers)}). Prints one
 * {@code RESULT} line that {@link VirtualThreadLimitTest} parses.
 */
final class VirtualThreadLoad {
  /** The rate limiter's burst: with its clock stopped, exactly {@code BURST + 1} calls may pass. */
  static final int BURST = 50;
  /** The concurrency limit, fixed (min = max). */
  static final int LIMIT = 8;

  record Figures(long admitted, long refused, long maxInFlight, long permits, long escaped) {}

  static Figures run(ThreadFactory threads, int callers) throws Exception {
    FakeTicker stopped = new FakeTicker();
    RateLimiter rate = RateLimiter.local("vt", RateLimiterConfig.custom().rate("100/1s").burst(BURST)
        .ticker(stopped).build());
    ConcurrencyLimiter concurrency = ConcurrencyLimiter.create("vt", ConcurrencyLimiterConfig.custom()
        .initialLimit(LIMIT).limits(LIMIT, LIMIT).build());
    AtomicLong admitted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong permits = new AtomicLong();
    AtomicLong escaped = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    LongAccumulator maxInFlight = new LongAccumulator(Math::max, 0);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(callers);
    for (int c = 0; c < callers; c++) {
      threads.newThread(() -> {
        try {
          start.await();
          for (int i = 0; i < 20; i++) {
            if (rate.tryAcquire("one-key").allowed()) {
              admitted.incrementAndGet();
            } else {
              refused.incrementAndGet();
            }
            Optional<ConcurrencyLimiter.Permit> p = concurrency.tryAcquire();
            if (p.isPresent()) {
              try (ConcurrencyLimiter.Permit held = p.get()) {
                permits.incrementAndGet();
                maxInFlight.accumulate(inFlight.incrementAndGet());
                Thread.yield(); // let other callers run while this one holds its permit
                inFlight.decrementAndGet();
              }
            }
          }
        } catch (Throwable t) {
          escaped.incrementAndGet();
        } finally {
          done.countDown();
        }
      }).start();
    }
    start.countDown();
    if (!done.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException(done.getCount() + " callers still running after 60 s");
    }
    rate.close();
    concurrency.close();
    return new Figures(admitted.get(), refused.get(), maxInFlight.get(), permits.get(), escaped.get());
  }

  public static void main(String[] args) throws Exception {
    ThreadFactory threads = args[0].equals("virtual") ? VirtualThreads.factory() : Thread::new;
    Figures f = run(threads, Integer.parseInt(args[1]));
    System.out.println("RESULT admitted=" + f.admitted() + " refused=" + f.refused() + " maxInFlight="
        + f.maxInFlight() + " permits=" + f.permits() + " escaped=" + f.escaped());
  }

}
