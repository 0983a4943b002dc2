package dev.optimizer.batch.internal;

import dev.optimizer.batch.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Counts what a processor does (always, for {@code stats()}) and binds the {@code optimizer.batch.*}
 * meters, tagged {@code processor=<name>}, when given a registry. Thread-safe.
 */
public final class BatchMetrics implements MeterBinder {
  private final String name;
  private final IntSupplier queueDepth;
  private final IntSupplier running;
  private final IntSupplier workerCap;
  private final Map<JobStatus, LongAdder> jobs = new EnumMap<>(JobStatus.class);
  private final LongAdder submitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder itemsOk = new LongAdder();
  private final LongAdder itemsFailed = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder batchItems = new LongAdder();
  private final LongAdder batchNanos = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private volatile @Nullable DistributionSummary batchSize;
  private volatile @Nullable Timer batchLatency;

  /** Counters for processor {@code name}; the suppliers feed the gauges. */
  public BatchMetrics(String name, IntSupplier queueDepth, IntSupplier running, IntSupplier workerCap) {
    this.name = name;
    this.queueDepth = queueDepth;
    this.running = running;
    this.workerCap = workerCap;
    for (JobStatus s : JobStatus.values()) {
      jobs.put(s, new LongAdder());
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags tags = Tags.of("processor", name);
    for (JobStatus s : new JobStatus[] {JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED}) {
      LongAdder a = jobs.get(s);
      registry.more().counter("optimizer.batch.jobs", tags.and("status", s.name().toLowerCase()), a, LongAdder::sum);
    }
    registry.more().counter("optimizer.batch.jobs.submitted", tags, submitted, LongAdder::sum);
    registry.more().counter("optimizer.batch.jobs.rejected", tags, rejected, LongAdder::sum);
    registry.more().counter("optimizer.batch.items", tags.and("outcome", "succeeded"), itemsOk, LongAdder::sum);
    registry.more().counter("optimizer.batch.items", tags.and("outcome", "failed"), itemsFailed, LongAdder::sum);
    registry.more().counter("optimizer.batch.retries", tags, retries, LongAdder::sum);
    Gauge.builder("optimizer.batch.queue.depth", queueDepth, IntSupplier::getAsInt).tags(tags)
        .description("jobs waiting in the queue").register(registry);
    Gauge.builder("optimizer.batch.jobs.running", running, IntSupplier::getAsInt).tags(tags).register(registry);
    Gauge.builder("optimizer.batch.workers.cap", workerCap, IntSupplier::getAsInt).tags(tags)
        .description("concurrent batches allowed per job after CPU-pressure tuning").register(registry);
    batchSize = DistributionSummary.builder("optimizer.batch.size").tags(tags).baseUnit("items")
        .publishPercentileHistogram().register(registry);
    batchLatency = Timer.builder("optimizer.batch.latency").tags(tags).description("time of one batch call")
        .publishPercentileHistogram().register(registry);
  }

  void batch(int size, long nanos) {
    batches.increment();
    batchItems.add(size);
    batchNanos.add(nanos);
    DistributionSummary s = batchSize;
    if (s != null) {
      s.record(size);
      Timer t = batchLatency;
      if (t != null) {
        t.record(nanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  void items(int ok, int failed) {
    if (ok > 0) {
      itemsOk.add(ok);
    }
    if (failed > 0) {
      itemsFailed.add(failed);
    }
  }

  void retry(int items) {
    retries.add(items);
  }

  /** Counts a submitted job. */
  public void submitted() {
    submitted.increment();
  }

  /** Counts a rejected job. */
  public void rejected() {
    rejected.increment();
  }

  /** Counts a job reaching {@code status}. */
  public void terminated(JobStatus status) {
    jobs.get(status).increment();
  }

  /** Jobs that ended in {@code status}. */
  public long jobs(JobStatus status) {
    return jobs.get(status).sum();
  }

  /** Jobs accepted. */
  public long submittedCount() {
    return submitted.sum();
  }

  /** Jobs rejected. */
  public long rejectedCount() {
    return rejected.sum();
  }

  /** Items that succeeded. */
  public long itemsSucceeded() {
    return itemsOk.sum();
  }

  /** Items that failed for good. */
  public long itemsFailed() {
    return itemsFailed.sum();
  }

  /** Batch calls made, retries included. */
  public long batches() {
    return batches.sum();
  }

  /** Mean items per batch call; 0 before any. */
  public double meanBatchSize() {
    long b = batches.sum();
    return b == 0 ? 0 : (double) batchItems.sum() / b;
  }

  /** Mean latency of a batch call in nanoseconds; 0 before any. */
  public double meanBatchNanos() {
    long b = batches.sum();
    return b == 0 ? 0 : (double) batchNanos.sum() / b;
  }

  /** Items retried. */
  public long retries() {
    return retries.sum();
  }
}
