package dev.optimizer.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Policy;
import dev.optimizer.cache.CacheConfig;
import dev.optimizer.core.Pressure;
import dev.optimizer.core.Tunable;
import dev.optimizer.core.spi.TunableLimit;
import dev.optimizer.core.TuningEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Shrinks L1's bound (entries or weight) through Caffeine's eviction policy while memory is under
 * pressure, by bounded steps never below the configured minimum, and restores it step by step when the
 * pressure is relieved. Caffeine evicts down to the new bound on its maintenance cycle.
 */
public final class L1SizeTunable implements Tunable {
  private final String name;
  private final @Nullable TunableLimit limit;

  L1SizeTunable(String cacheName, @Nullable Cache<?, ?> l1, CacheConfig config) {
    this.name = "cache." + cacheName;
    Policy.Eviction<?, ?> eviction = l1 == null ? null : l1.policy().eviction().orElse(null);
    if (eviction == null) {
      this.limit = null;
    } else {
      boolean weighted = config.l1MaximumWeight() > 0;
      int baseline = (int) Math.min(Integer.MAX_VALUE, weighted ? config.l1MaximumWeight()
          : config.l1MaximumSize());
      int min = (int) Math.min(baseline, config.l1MinimumSize());
      this.limit = new TunableLimit(name + ".l1", weighted ? "maximumWeight" : "maximumSize", baseline, min,
          eviction::setMaximum);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<TuningEvent> adjust(Pressure pressure) {
    if (limit == null) {
      return List.of();
    }
    return limit.react(pressure.memoryHigh(), pressure.memoryRelieved(), pressure, "memory")
        .map(List::of).orElse(List.of());
  }

  /** The L1 bound in force now, or -1 without L1. */
  public long currentMaximum() {
    return limit == null ? -1 : limit.current();
  }
}
