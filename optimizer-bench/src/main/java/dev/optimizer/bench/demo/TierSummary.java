package dev.optimizer.bench.demo;

import dev.optimizer.cache.CacheStats;
import dev.optimizer.cache.TierStats;
import java.util.Locale;

/** One line per cache for the demo's notes: hits and misses per tier, loads. */
final class TierSummary {
  private TierSummary() {}

  static String of(CacheStats stats) {
    StringBuilder sb = new StringBuilder();
    for (TierStats t : stats.tiers()) {
      sb.append(String.format(Locale.ROOT, "%s %d hits / %d misses, ", t.tier(), t.hits(), t.misses()));
    }
    return sb.append(stats.loads()).append(" loads").toString();
  }
}
