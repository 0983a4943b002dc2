package dev.optimizer.bench.limit;

import dev.optimizer.core.support.DaemonThreadFactory;
import dev.optimizer.limit.ConcurrencyLimiter;
import dev.optimizer.limit.ConcurrencyLimiterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The overload experiment (issue 16): an open-loop generator sends requests at a constant arrival rate to a
 * service of known capacity ({@code workers} threads, each request {@code serviceTime} long, first come
 * first served behind an unbounded queue, as a thread-pool service is), at 0.5x, 1x, 2x and 4x that
 * capacity, with no limiter, a fixed concurrency limit (twice the workers), and the adaptive {@link
 * ConcurrencyLimiter} in front. Latency is taken from each request's intended arrival time, so a late
 * generator does not hide queueing (coordinated omission corrected), into an HdrHistogram; requests still
 * unanswered when a run ends count with their age then. Goodput: accepted requests answered within the
 * deadline (10 x the service time) per second.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar dev.optimizer.bench.limit.OverloadExperiment
 * [--seconds 10] [--out DIR]}; writes {@code overload.md}, {@code overload-p99.png} and {@code
 * overload-goodput.png}.
 */
public final class OverloadExperiment {
  /** The limiters compared. */
  public static final List<String> LIMITERS = List.of("none", "fixed", "adaptive");
  /** The offered loads, as multiples of capacity. */
  public static final List<Double> LOADS = List.of(0.5, 1.0, 2.0, 4.0);

  private final int workers;
  private final Duration serviceTime;
  private final Duration runTime;
  private final Duration warmup;

  /**
   * @param workers the service's threads
   * @param serviceTime one request's work
   * @param warmup load before measuring (lets the adaptive limit settle)
   * @param runTime measured load per point
   */
  public OverloadExperiment(int workers, Duration serviceTime, Duration warmup, Duration runTime) {
    this.workers = workers;
    this.serviceTime = serviceTime;
    this.warmup = warmup;
    this.runTime = runTime;
  }

  /** Requests per second the service completes at most. */
  public double capacity() {
    return workers * 1e9 / serviceTime.toNanos();
  }

  /** Runs every limiter at every load. */
  public List<OverloadRow> runAll() throws InterruptedException {
    List<OverloadRow> rows = new ArrayList<>();
    for (String limiter : LIMITERS) {
      for (double load : LOADS) {
        rows.add(run(limiter, load));
      }
    }
    return rows;
  }

  private Optional<ConcurrencyLimiter> limiter(String kind) {
    return switch (kind) {
      case "none" -> Optional.empty();
      case "fixed" -> Optional.of(ConcurrencyLimiter.create("fixed", ConcurrencyLimiterConfig.custom()
          .initialLimit(2 * workers).limits(2 * workers, 2 * workers).build()));
      case "adaptive" -> Optional.of(ConcurrencyLimiter.create("adaptive", ConcurrencyLimiterConfig.custom()
          .window(Duration.ofMillis(250), 20).seed(1).build()));
      default -> throw new IllegalArgumentException("limiter " + kind);
    };
  }

  /** One limiter at one load: warm-up, then the measured interval. */
  public OverloadRow run(String kind, double loadFactor) throws InterruptedException {
    Optional<ConcurrencyLimiter> limiter = limiter(kind);
    ThreadPoolExecutor service = new ThreadPoolExecutor(workers, workers, 1, TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(), DaemonThreadFactory.of("bench", "service"));
    double perSecond = loadFactor * capacity();
    long gap = (long) (1e9 / perSecond);
    long deadline = 10 * serviceTime.toNanos();
    Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    AtomicLong good = new AtomicLong();
    List<long[]> pending = new ArrayList<>(); // {intended start} of requests not answered yet, guarded by itself
    SplittableRandom random = new SplittableRandom(11);
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + runTime.toNanos();
    long arrived = 0;
    long rejected = 0;
    for (long intended = start; intended < end; intended += gap) {
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      boolean measured = intended >= measureFrom;
      if (measured) {
        arrived++;
      }
      ConcurrencyLimiter.Permit permit = null;
      if (limiter.isPresent()) {
        Optional<ConcurrencyLimiter.Permit> p = limiter.get().tryAcquire();
        if (p.isEmpty()) {
          if (measured) {
            rejected++;
          }
          continue;
        }
        permit = p.get();
      }
      long work = (long) (serviceTime.toNanos() * (0.8 + 0.4 * random.nextDouble()));
      long[] request = {intended};
      if (measured) {
        synchronized (pending) {
          pending.add(request);
        }
      }
      ConcurrencyLimiter.Permit held = permit;
      service.execute(() -> {
        long until = System.nanoTime() + work;
        while (System.nanoTime() < until) {
          LockSupport.parkNanos(until - System.nanoTime());
        }
        if (held != null) {
          held.close();
        }
        if (measured) {
          long latency = System.nanoTime() - request[0];
          synchronized (pending) {
            if (pending.remove(request)) {
              histogram.recordValue(Math.min(latency, histogram.getHighestTrackableValue()));
              if (latency <= deadline) {
                good.incrementAndGet();
              }
            }
          }
        }
      });
    }
    // Give what is in flight one deadline to finish; what is still queued then has waited at least that long.
    long drainUntil = System.nanoTime() + deadline;
    while (System.nanoTime() < drainUntil && service.getActiveCount() + service.getQueue().size() > 0) {
      LockSupport.parkNanos(1_000_000);
    }
    service.shutdownNow();
    long now = System.nanoTime();
    synchronized (pending) {
      for (long[] r : pending) {
        histogram.recordValue(Math.min(now - r[0], histogram.getHighestTrackableValue()));
      }
      pending.clear();
    }
    service.awaitTermination(10, TimeUnit.SECONDS);
    int finalLimit = limiter.map(ConcurrencyLimiter::limit).orElse(-1);
    limiter.ifPresent(ConcurrencyLimiter::close);
    double seconds = runTime.toNanos() / 1e9;
    synchronized (pending) {
      return new OverloadRow(kind, loadFactor, perSecond, arrived, rejected, millis(histogram, 50),
          millis(histogram, 95), millis(histogram, 99), good.get() / seconds, finalLimit);
    }
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
  }

  /** Runs the experiment and writes the table and charts. */
  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    int seconds = 10;
    Path out = Path.of("bench-results", "overload-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
        "yyyyMMdd-HHmmss")));
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--seconds")) {
        seconds = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--out")) {
        out = Path.of(args[i + 1]);
      }
    }
    OverloadExperiment experiment = new OverloadExperiment(8, Duration.ofMillis(20), Duration.ofSeconds(3),
        Duration.ofSeconds(seconds));
    List<OverloadRow> rows = experiment.runAll();
    Files.createDirectories(out);
    String table = OverloadReport.markdown(experiment, rows);
    Files.writeString(out.resolve("overload.md"), table);
    OverloadReport.charts(rows, out);
    System.out.println(table);
    System.out.println("written to " + out.toAbsolutePath());
  }

  /** The service's threads. */
  public int workers() {
    return workers;
  }

  /** One request's work. */
  public Duration serviceTime() {
    return serviceTime;
  }
}
