package dev.optimizer.batch.internal;

import dev.optimizer.batch.CoalescerStats;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The meters of one {@code Coalescer}, registered only by {@link #bindTo}, all tagged
 * {@code coalescer=<name>}:
 * <ul>
 *   <li>{@code optimizer.batch.coalesced.requests} (function counter) {@code load} calls;
 *   <li>{@code optimizer.batch.coalesced.duplicates} (function counter) calls that joined a waiting key;
 *   <li>{@code optimizer.batch.coalesced.calls} (function counter, {@code outcome=success|failure}) bulk calls;
 *   <li>{@code optimizer.batch.coalesced.size} (summary, keys) distinct keys per bulk call;
 *   <li>{@code optimizer.batch.coalesced.latency} (timer) duration of one bulk call.
 * </ul>
 * The counters read the coalescer's own counts, so they include what happened before binding; the size
 * and latency distributions can only record calls made after it. Thread-safe; may be bound to several
 * registries.
 */
public final class CoalescerMeterBinder implements MeterBinder {
  private final String name;
  private final Supplier<CoalescerStats> stats;
  // A distribution cannot be rebuilt from counts, so each bound registry's summary and timer are recorded
  // into by the bulk thread; empty (and so free) until someone binds.
  private final List<DistributionSummary> sizes = new CopyOnWriteArrayList<>();
  private final List<Timer> latencies = new CopyOnWriteArrayList<>();

  /**
   * @param name the {@code coalescer} tag
   * @param stats the coalescer's counts, read when a registry polls
   */
  public CoalescerMeterBinder(String name, Supplier<CoalescerStats> stats) {
    this.name = name;
    this.stats = stats;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags tags = Tags.of("coalescer", name);
    FunctionCounter.builder("optimizer.batch.coalesced.requests", stats, s -> s.get().requests()).tags(tags)
        .description("load calls").register(registry);
    FunctionCounter.builder("optimizer.batch.coalesced.duplicates", stats, s -> s.get().duplicates()).tags(tags)
        .description("load calls that joined a key already waiting").register(registry);
    FunctionCounter.builder("optimizer.batch.coalesced.calls", stats,
            s -> s.get().bulkCalls() - s.get().failedBulkCalls())
        .tags(tags.and("outcome", "success")).description("bulk calls that returned").register(registry);
    FunctionCounter.builder("optimizer.batch.coalesced.calls", stats, s -> s.get().failedBulkCalls())
        .tags(tags.and("outcome", "failure")).description("bulk calls that threw").register(registry);
    sizes.add(DistributionSummary.builder("optimizer.batch.coalesced.size").tags(tags).baseUnit("keys")
        .description("distinct keys per bulk call").publishPercentileHistogram().register(registry));
    latencies.add(Timer.builder("optimizer.batch.coalesced.latency").tags(tags)
        .description("duration of one bulk call").register(registry));
  }

  /** Records one bulk call of {@code keys} distinct keys that took {@code nanos} into every bound registry. */
  public void recordCall(int keys, long nanos) {
    for (DistributionSummary s : sizes) {
      s.record(keys);
    }
    for (Timer t : latencies) {
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
