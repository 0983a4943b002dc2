package dev.optimizer.lazy;

/**
 * How a {@link LazyLoader} or a {@link LazyLoad @LazyLoad} method loads and keeps its value. In every
 * strategy at most one load of a value runs at a time, and a failed load is never kept: the next
 * {@code get()} tries again.
 */
public enum LoadStrategy {
  /**
   * Loads on the first {@code get()} and keeps the value until {@code invalidate()}. Takes no TTL.
   */
  LAZY,
  /**
   * Loads on the first {@code get()}; once the TTL has passed (counted from when the load finished), the
   * first {@code get()} reloads and every concurrent {@code get()} waits for that reload. Without a TTL
   * it behaves like {@link #LAZY}. If the reload fails, the callers waiting for it see the failure and
   * the next {@code get()} reloads again.
   */
  ON_DEMAND,
  /**
   * Stale-while-revalidate. Loads on the first {@code get()} (callers wait for that first load only).
   * Once the TTL has passed, {@code get()} returns the stale value at once and starts exactly one
   * background refresh; until it finishes every {@code get()} keeps getting the stale value without
   * starting another. When the refresh succeeds its value replaces the stale one; when it fails the
   * stale value stays and the next {@code get()} starts a new refresh. Requires a TTL.
   */
  CACHED,
  /**
   * Loaded in the background by the registry's preload workers, at registration (unless
   * {@link LazyConfig#preloadOnRegistration()} is off) and on {@link LazyRegistry#preloadAll()}, in
   * {@link Priority} order, CRITICAL first. A {@code get()} while the preload runs waits for it instead
   * of loading a second time; a {@code get()} before the preload started loads on the caller's thread
   * and the preload is then skipped. With a TTL, expiry behaves as in {@link #ON_DEMAND}, and
   * {@link LazyRegistry#preloadAll()} reloads expired values in the background too.
   */
  PRELOAD
}
