package dev.optimizer.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import dev.optimizer.cache.Tier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Meters of one cache: Micrometer's {@link CaffeineCacheMetrics} for L1 (tagged {@code tier=L1}), and
 * {@code optimizer.cache.*} for the byte tiers, loads and invalidations, all tagged {@code cache=<name>}.
 */
final class TieredCacheMeterBinder implements MeterBinder {
  private final String name;
  private final @Nullable Cache<?, ?> l1;
  private final L1SizeTunable l1Tunable;
  private final TierSlot[] lowerTiers;
  private final LoadCoordinator<?> loads;
  private final LongAdder encodeFailures;
  private final LongAdder invalidationsReceived;

  TieredCacheMeterBinder(String name, @Nullable Cache<?, ?> l1, L1SizeTunable l1Tunable, TierSlot[] lowerTiers,
      LoadCoordinator<?> loads, LongAdder encodeFailures, LongAdder invalidationsReceived) {
    this.name = name;
    this.l1 = l1;
    this.l1Tunable = l1Tunable;
    this.lowerTiers = lowerTiers;
    this.loads = loads;
    this.encodeFailures = encodeFailures;
    this.invalidationsReceived = invalidationsReceived;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags base = Tags.of("cache", name);
    if (l1 != null) {
      new CaffeineCacheMetrics<>(l1, name, Tags.of("tier", Tier.L1.name())).bindTo(registry);
      Gauge.builder("optimizer.cache.l1.maximum", l1Tunable, L1SizeTunable::currentMaximum)
          .description("L1 bound in force (entries or weight), after memory-pressure tuning")
          .tags(base).register(registry);
    }
    for (TierSlot slot : lowerTiers) {
      Tags t = base.and("tier", slot.tier().name());
      if (slot.store() instanceof MeterBinder tierMeters) {
        tierMeters.bindTo(registry); // the tier's own meters (e.g. Redis latency, circuit state)
      }
      counter(registry, "optimizer.cache.tier.gets", t.and("result", "hit"), slot.hits, "reads that hit");
      counter(registry, "optimizer.cache.tier.gets", t.and("result", "miss"), slot.misses, "reads that missed");
      counter(registry, "optimizer.cache.tier.puts", t, slot.puts, "entries written");
      counter(registry, "optimizer.cache.tier.errors", t, slot.errors, "calls that failed");
      counter(registry, "optimizer.cache.tier.skipped", t, slot.skipped, "calls skipped in backoff");
      counter(registry, "optimizer.cache.tier.decode.failures", t, slot.decodeFailures,
          "values that could not be decoded");
      if (slot.evictions() >= 0) {
        FunctionCounter.builder("optimizer.cache.tier.evictions", slot, TierSlot::evictions)
            .description("entries evicted to keep the tier within its bound").tags(t).register(registry);
      }
      Gauge.builder("optimizer.cache.tier.size", slot, s -> s.stats().size())
          .description("entries held, estimated; -1 if unknown").tags(t).register(registry);
      Gauge.builder("optimizer.cache.tier.available", slot, s -> s.available() ? 1 : 0)
          .description("1 while the tier serves, 0 during an outage").tags(t).register(registry);
    }
    counter(registry, "optimizer.cache.loads", base.and("result", "success"), loads.loads, "loader calls");
    counter(registry, "optimizer.cache.loads", base.and("result", "failure"), loads.loadFailures,
        "loader calls that threw");
    counter(registry, "optimizer.cache.refreshes", base.and("result", "success"), loads.refreshes,
        "background reloads ahead of expiry that stored their value");
    counter(registry, "optimizer.cache.refreshes", base.and("result", "failure"), loads.refreshFailures,
        "background reloads that failed, the cached value left in place");
    FunctionTimer.builder("optimizer.cache.load.time", loads,
            c -> c.loads.sum() + c.loadFailures.sum(), c -> c.loadNanos.sum(), TimeUnit.NANOSECONDS)
        .description("time spent in loaders").tags(base).register(registry);
    counter(registry, "optimizer.cache.encode.failures", base, encodeFailures,
        "values kept in L1 only because they could not be encoded");
    counter(registry, "optimizer.cache.invalidations.received", base, invalidationsReceived,
        "invalidation messages from other nodes acted on");
  }

  private static void counter(MeterRegistry registry, String name, Tags tags, LongAdder adder, String desc) {
    FunctionCounter.builder(name, adder, LongAdder::sum).description(desc).tags(tags).register(registry);
  }
}
