package dev.optimizer.examples.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator: requests are sent at fixed intended times (constant arrival rate) whatever
 * the responses do, and each latency is measured from the request's intended send time, so a stalled
 * server or a late sender shows as latency (coordinated omission corrected). Latencies go to an
 * HdrHistogram.
 */
final class OpenLoopLoad {
  /** Requests still in flight beyond this are counted as errors and not sent (protects the generator). */
  static final int MAX_IN_FLIGHT = 4_000;

  private OpenLoopLoad() {}

  /** What one phase measured. */
  record Outcome(double ratePerSecond, Duration duration, long sent, long ok, long errors, Histogram latency,
      Map<String, Histogram> byEndpoint, Duration elapsed, List<String> firstErrors, Histogram sendLag) {
    double throughput() {
      return ok / (elapsed.toNanos() / 1e9);
    }

    /** How late the generator sent, ms at {@code percentile}: its own share of every latency. */
    double sendLagMillis(double percentile) {
      return sendLag.getValueAtPercentile(percentile) / 1e6;
    }

    double millis(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }

    /** The percentile of each endpoint's latencies, ms, endpoints in name order. */
    Map<String, Double> millisByEndpoint(double percentile) {
      Map<String, Double> out = new TreeMap<>();
      byEndpoint.forEach((e, h) -> out.put(e, h.getValueAtPercentile(percentile) / 1e6));
      return out;
    }
  }

  /**
   * Spins the last {@code spin} ns before a send time instead of parking through it: a parked thread on an
   * idle virtual machine wakes a millisecond or more late (see {@link IdleWakeUp}), and since latency is
   * measured from the intended time, that lateness would count against the service. At most 5 % of the
   * interval between sends, and never more than 2 ms, so the generator costs at most 5 % of one core.
   */
  static long spinNanos(double intervalNanos) {
    if (!Boolean.parseBoolean(System.getProperty("ref.load.spin", "true"))) {
      return 0;
    }
    return (long) Math.min(TimeUnit.MILLISECONDS.toNanos(2), intervalNanos / 20);
  }

  private static void awaitSendTime(long intended, long spin) {
    long wait = intended - System.nanoTime();
    if (wait > spin) {
      LockSupport.parkNanos(wait - spin);
    }
    while (System.nanoTime() - intended < 0) {
      Thread.onSpinWait();
    }
  }

  /** The endpoint a request goes to, ids and query left out ({@code /api/users/{id}}). */
  static String endpoint(LoadClient.Request request) {
    String path = request.path();
    int q = path.indexOf('?');
    return DIGITS.matcher(q < 0 ? path : path.substring(0, q)).replaceAll("{id}");
  }

  private static final Pattern DIGITS = Pattern.compile("(?<=/)\\d+(?=/|$)");

  /**
   * Sends {@code ratePerSecond} requests per second for {@code duration}, request {@code i} built by
   * {@code requests}; waits up to {@code timeout} for the last answers (unanswered ones are errors).
   */
  static Outcome run(LoadClient client, double ratePerSecond, Duration duration, Duration timeout,
      LongFunction<LoadClient.Request> requests) throws InterruptedException {
    Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
    Map<String, Histogram> byEndpoint = new HashMap<>();
    long total = (long) Math.floor(ratePerSecond * duration.toNanos() / 1e9);
    double intervalNanos = 1e9 / ratePerSecond;
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch answered = new CountDownLatch((int) total);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    Histogram lag = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
    long spin = spinNanos(intervalNanos);
    for (long i = 0; i < total; i++) {
      long intended = start + (long) (i * intervalNanos);
      awaitSendTime(intended, spin);
      lag.recordValue(Math.max(0, Math.min(System.nanoTime() - intended, lag.getHighestTrackableValue())));
      if (inFlight.get() >= MAX_IN_FLIGHT) {
        errors.incrementAndGet();
        answered.countDown();
        continue;
      }
      inFlight.incrementAndGet();
      LoadClient.Request request = requests.apply(i);
      String endpoint = endpoint(request);
      client.send(request).whenComplete((status, e) -> {
        long latency = System.nanoTime() - intended;
        inFlight.decrementAndGet();
        synchronized (histogram) {
          long value = Math.min(latency, histogram.getHighestTrackableValue());
          histogram.recordValue(value);
          byEndpoint.computeIfAbsent(endpoint, k -> new Histogram(TimeUnit.MINUTES.toNanos(5), 3)).recordValue(value);
        }
        if (e == null && status / 100 == 2) {
          ok.incrementAndGet();
        } else {
          errors.incrementAndGet();
          if (firstErrors.size() < 5) {
            firstErrors.add(request.method() + " " + request.target() + " " + request.path() + " -> "
                + (e != null ? e.toString() : Integer.toString(status)) + " after " + latency / 1_000_000 + " ms");
          }
        }
        answered.countDown();
      });
    }
    if (!answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      errors.addAndGet(answered.getCount());
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    synchronized (histogram) {
      Map<String, Histogram> endpoints = new TreeMap<>();
      byEndpoint.forEach((e, h) -> endpoints.put(e, h.copy()));
      return new Outcome(ratePerSecond, duration, total, ok.get(), errors.get(), histogram.copy(), endpoints,
          elapsed, List.copyOf(firstErrors), lag);
    }
  }
}
