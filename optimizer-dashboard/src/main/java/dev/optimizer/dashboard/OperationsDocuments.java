package dev.optimizer.dashboard;

import dev.optimizer.core.Optimizer;
import dev.optimizer.core.Ticker;
import dev.optimizer.dashboard.internal.DocumentAssembler;
import dev.optimizer.dashboard.internal.Json;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The documents of the operations API, framework-free: what {@link Dashboard} serves on each route, and what any
 * other host (an actuator endpoint, a CLI, a test) can serve the same way.
 *
 * <p>Each method reads the optimizer's engines now and returns an immutable record. The records name their JSON
 * fields themselves ({@code @JsonNaming}, snake_case, the unit in the name: {@code hit_rate},
 * {@code load_time_seconds}, {@code size_entries}, {@code old_gen_after_gc_bytes}, ...) and hold only strings,
 * numbers, booleans, lists and maps, so any Jackson 2 {@code ObjectMapper} writes them identically;
 * {@link #json(Object)} writes them without one. These field names are a stable contract.
 *
 * <table>
 *   <caption>Routes and documents</caption>
 *   <tr><th>route</th><th>method</th></tr>
 *   <tr><td>{@code GET /api/v1/performance/stats}</td><td>{@link #performance()}</td></tr>
 *   <tr><td>{@code POST /api/v1/performance/optimize}</td><td>{@link #optimize()}</td></tr>
 *   <tr><td>{@code GET /api/v1/cache/stats}</td><td>{@link #cache()}</td></tr>
 *   <tr><td>{@code POST /api/v1/cache/clear}</td><td>{@link #clearCache(String, String)}</td></tr>
 *   <tr><td>{@code GET /api/v1/batch/stats}</td><td>{@link #batch()}</td></tr>
 *   <tr><td>{@code GET /api/v1/batch/jobs/{id}}</td><td>{@link #job(String)}</td></tr>
 *   <tr><td>{@code GET /api/v1/compression/stats}</td><td>{@link #compression()}</td></tr>
 *   <tr><td>{@code GET /api/v1/lazy/stats}</td><td>{@link #lazy()}</td></tr>
 *   <tr><td>{@code GET /api/v1/tuning/events}</td><td>{@link #tuningEvents(int)}</td></tr>
 *   <tr><td>{@code GET /api/v1/stream} (one event)</td><td>{@link #snapshot()}</td></tr>
 * </table>
 *
 * <p>A module the optimizer lacks (its jar is not on the classpath, or the optimizer was built without it) makes
 * its methods throw {@link ModuleAbsentException}, which names the artifact to add; serve it as 404. A job or
 * cache that does not exist is a {@link NoSuchEntryException} (404); a malformed argument an
 * {@link IllegalArgumentException} (400).
 *
 * <p>Thread-safe; every method may be called from any thread at any time. Reading is cheap (no I/O: the
 * engines' counters and the monitor's last sample). After the optimizer is closed the read methods still return
 * the last figures and {@link #optimize()} throws {@link IllegalStateException}.
 */
public final class OperationsDocuments {
  private final DocumentAssembler assembler;

  private OperationsDocuments(Optimizer optimizer, Ticker ticker) {
    this.assembler = new DocumentAssembler(optimizer, ticker);
  }

  /**
   * The documents of {@code optimizer}. Make one per optimizer and keep it: it adds a listener to the optimizer's
   * meter registry (to index the Redis and coalescer meters it reads), which stays for the registry's lifetime.
   *
   * @throws NullPointerException if {@code optimizer} is null
   */
  public static OperationsDocuments of(Optimizer optimizer) {
    return of(optimizer, Ticker.system());
  }

  /**
   * The documents of {@code optimizer}, measuring rates (batch items per second) and stamping times with
   * {@code ticker}. Make one per optimizer and keep it, as {@link #of(Optimizer)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static OperationsDocuments of(Optimizer optimizer, Ticker ticker) {
    return new OperationsDocuments(Objects.requireNonNull(optimizer, "optimizer"),
        Objects.requireNonNull(ticker, "ticker"));
  }

  /**
   * {@code document} as compact JSON, written by the dashboard's own Jackson mapper (no {@code ObjectMapper}
   * needed). Also writes any other value Jackson can.
   *
   * @throws java.io.UncheckedIOException if Jackson cannot write it
   */
  public static String json(Object document) {
    return Json.write(Objects.requireNonNull(document, "document"));
  }

  /** System figures (current, average, max, trend), pressures, level, tunables and their moved settings. */
  public PerformanceDocument performance() {
    return assembler.performance();
  }

  /**
   * Runs one tuning pass now (a fresh sample, then every tunable reacts) on the calling thread.
   *
   * @return the events the pass produced
   * @throws IllegalStateException if the optimizer is closed
   */
  public OptimizeDocument optimize() {
    return assembler.optimize();
  }

  /**
   * Per cache and tier: hits, misses, hit rate, loads, load time, evictions, size; per Redis server: circuit
   * state, busy calls, outages.
   *
   * @throws ModuleAbsentException if the cache module is absent
   */
  public CacheDocument cache() {
    return assembler.cache();
  }

  /**
   * Clears caches: with {@code cache} null or empty, every cache of the cache module; else the one named. With
   * {@code pattern} null or empty every entry goes; else the keys matching the glob ({@code *} any run,
   * {@code ?} one character, {@code \} escapes), from every tier and other nodes' L1.
   *
   * @throws NoSuchEntryException if {@code cache} names no cache
   * @throws ModuleAbsentException if the cache module is absent
   */
  public ClearCacheDocument clearCache(@Nullable String cache, @Nullable String pattern) {
    return assembler.clearCache(cache, pattern);
  }

  /**
   * The batch module's processor (jobs by status, queue depth, items per second, retries, live jobs) and the
   * coalescers bound to the optimizer's registry (bulk calls, coalesced sizes).
   *
   * @throws ModuleAbsentException if the batch module is absent
   */
  public BatchDocument batch() {
    return assembler.batch();
  }

  /**
   * One job of the batch module's processor: status, progress, ETA, failures so far.
   *
   * @param id the job's id, decimal
   * @throws IllegalArgumentException if {@code id} is not a whole number
   * @throws NoSuchEntryException if no such job is known (or it is no longer retained)
   * @throws ModuleAbsentException if the batch module is absent
   */
  public JobDocument job(String id) {
    return assembler.job(id);
  }

  /**
   * Per algorithm: bytes in and out, ratio, MB/s both ways; the level in force and how the algorithm is chosen.
   *
   * @throws ModuleAbsentException if the compression module is absent
   */
  public CompressionDocument compression() {
    return assembler.compression();
  }

  /**
   * The lazy module's loaders: loads, failures, stale serves, preload queue.
   *
   * @throws ModuleAbsentException if the lazy module is absent
   */
  public LazyDocument lazy() {
    return assembler.lazy();
  }

  /**
   * The newest tuning events, oldest first.
   *
   * @param max most events to return (the core keeps the newest 200)
   * @throws IllegalArgumentException if {@code max < 1}
   */
  public TuningEventsDocument tuningEvents(int max) {
    return assembler.tuningEvents(max);
  }

  /**
   * One compact snapshot of everything above, the event the stream sends each interval. An absent module's part
   * is null and listed in {@link SnapshotDocument#absentModules()}; never throws {@link ModuleAbsentException}.
   */
  public SnapshotDocument snapshot() {
    return assembler.snapshot();
  }
}
