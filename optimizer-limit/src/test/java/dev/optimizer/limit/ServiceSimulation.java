package dev.optimizer.limit;

import dev.optimizer.core.testing.FakeTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;

/**
 * A service with a known capacity, simulated on a {@link FakeTicker}: {@code servers} workers take admitted
 * requests first come first served (the service's own queue), each for a service time the latency model
 * gives (plus or minus 10 % seeded jitter). Requests arrive open-loop at a constant rate and ask the
 * limiter for a permit; a refused request is counted and gone. Deterministic: no threads, no real time.
 */
final class ServiceSimulation {
  private final FakeTicker ticker;
  private final ConcurrencyLimiter limiter;
  private final PriorityQueue<Long> freeAt = new PriorityQueue<>();
  private final PriorityQueue<Completion> completions = new PriorityQueue<>();
  private final SplittableRandom random = new SplittableRandom(7);
  private final long origin;
  /** Service time in nanoseconds for a request arriving at a simulated time (ns since start). */
  LongUnaryOperator serviceNanos;

  private record Completion(long at, long arrival, ConcurrencyLimiter.Permit permit) implements Comparable<Completion> {
    @Override
    public int compareTo(Completion o) {
      return Long.compare(at, o.at);
    }
  }

  /** What one phase saw. */
  record Phase(long arrived, long accepted, long rejected, List<Long> latencies, int minLimit, int maxLimit,
      int lastLimit) {
    double rejectionRate() {
      return arrived == 0 ? 0 : rejected / (double) arrived;
    }

    long percentile(double p) {
      List<Long> sorted = new ArrayList<>(latencies);
      sorted.sort(null);
      return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
  }

  ServiceSimulation(FakeTicker ticker, ConcurrencyLimiter limiter, int servers, LongUnaryOperator serviceNanos) {
    this.ticker = ticker;
    this.limiter = limiter;
    this.serviceNanos = serviceNanos;
    this.origin = ticker.read();
    for (int i = 0; i < servers; i++) {
      freeAt.add(origin);
    }
  }

  long elapsedNanos() {
    return ticker.read() - origin;
  }

  /** Runs {@code seconds} of arrivals at {@code perSecond}, each served as {@link #serviceNanos} says at its arrival. */
  Phase run(double seconds, double perSecond) {
    long gap = (long) (1e9 / perSecond);
    long end = ticker.read() + (long) (seconds * 1e9);
    long next = ticker.read() + gap;
    long arrived = 0;
    long accepted = 0;
    long rejected = 0;
    List<Long> latencies = new ArrayList<>();
    int min = Integer.MAX_VALUE;
    int max = 0;
    while (next <= end) {
      completeUntil(next, latencies);
      ticker.advanceNanos(next - ticker.read());
      arrived++;
      Optional<ConcurrencyLimiter.Permit> permit = limiter.tryAcquire();
      if (permit.isPresent()) {
        accepted++;
        long start = Math.max(next, freeAt.poll());
        long base = serviceNanos.applyAsLong(next - origin);
        long service = (long) (base * (0.9 + 0.2 * random.nextDouble()));
        freeAt.add(start + service);
        completions.add(new Completion(start + service, next, permit.get()));
      } else {
        rejected++;
      }
      min = Math.min(min, limiter.limit());
      max = Math.max(max, limiter.limit());
      next += gap;
    }
    completeUntil(end, latencies);
    ticker.advanceNanos(Math.max(0, end - ticker.read()));
    return new Phase(arrived, accepted, rejected, latencies, min, max, limiter.limit());
  }

  private void completeUntil(long time, List<Long> latencies) {
    while (!completions.isEmpty() && completions.peek().at <= time) {
      Completion c = completions.poll();
      ticker.advanceNanos(Math.max(0, c.at - ticker.read()));
      c.permit.close();
      latencies.add(c.at - c.arrival);
    }
  }
}
