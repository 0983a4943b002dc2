package dev.optimizer.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The document of {@code GET /api/v1/lazy/stats}: the lazy module's registry and its {@code @LazyLoad}
 * methods. Immutable.
 *
 * @param registry the module's registry of named loaders
 * @param methods the {@code @LazyLoad} methods seen so far, by key
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LazyDocument(Registry registry, List<Loader> methods) {
  /** Copies the list. */
  public LazyDocument {
    methods = List.copyOf(methods);
  }

  /**
   * A registry of loaders; totals are sums over its loaders.
   *
   * @param name its name
   * @param loads successful loads
   * @param failures failed loads
   * @param staleServes stale values served while refreshing
   * @param loadTimeSeconds time spent in loads, seconds
   * @param preloadQueueDepth preloads waiting to start
   * @param preloadsRunning preloads running now
   * @param preloadPaused whether preloading is paused by CPU pressure
   * @param loaders its loaders, by key
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Registry(String name, long loads, long failures, long staleServes, double loadTimeSeconds,
      int preloadQueueDepth, int preloadsRunning, boolean preloadPaused, List<Loader> loaders) {
    /** Copies the list. */
    public Registry {
      loaders = List.copyOf(loaders);
    }
  }

  /**
   * One loader (or one {@code @LazyLoad} method).
   *
   * @param key its key
   * @param strategy {@code LAZY}, {@code ON_DEMAND}, {@code CACHED} or {@code PRELOAD}
   * @param priority its preload priority
   * @param ttlSeconds its TTL in seconds, null for none
   * @param loaded whether a fresh value is held now
   * @param loads successful loads
   * @param failures failed loads
   * @param staleServes stale values served
   * @param loadTimeSeconds time spent in loads, seconds
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Loader(String key, String strategy, String priority, @Nullable Double ttlSeconds, boolean loaded,
      long loads, long failures, long staleServes, double loadTimeSeconds) {}
}
