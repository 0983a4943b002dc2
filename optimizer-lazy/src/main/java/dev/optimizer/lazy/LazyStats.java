package dev.optimizer.lazy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a {@link LazyRegistry}. Immutable; totals are sums over {@link #loaders()}.
 *
 * @param name the registry's name
 * @param loaders one entry per registered loader, by key
 * @param loads successful loads
 * @param failures failed loads
 * @param staleServes stale values served
 * @param totalLoadTime time spent in loads
 * @param preloadQueueDepth preloads waiting to start
 * @param preloadsRunning preloads running now
 * @param preloadPaused whether preloading is paused (by CPU pressure)
 */
public record LazyStats(String name, List<LoaderStats> loaders, long loads, long failures,
    long staleServes, Duration totalLoadTime, int preloadQueueDepth, int preloadsRunning,
    boolean preloadPaused) {
  /** Copies the list; rejects nulls. */
  public LazyStats {
    Objects.requireNonNull(name, "name");
    loaders = List.copyOf(loaders);
    Objects.requireNonNull(totalLoadTime, "totalLoadTime");
  }
}
