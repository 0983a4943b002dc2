package dev.optimizer.cache;

import dev.optimizer.cache.internal.mapdb.MapDbStore;
import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.TierUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * L3: a MapDB file store of bytes with per-entry expiry, an entry bound, crash safety and corruption
 * recovery. Open one with {@link #open(MapDbConfig)}, or let {@link TieredCache.Builder#l3(MapDbConfig)}
 * open it.
 *
 * <p>Each value is stored as {@code expiresAtMillis(8) crc32c(4) payload}, the checksum covering the
 * key, the expiry and the payload: a torn, corrupt or misplaced value fails it and reads as a miss (and is
 * removed), never as a wrong value.
 *
 * <p>Durability (details in {@link MapDbConfig}): each write goes to a redo journal first, so a write
 * that returned survives a killed process; the MapDB file is committed only at checkpoints, and the
 * journal is replayed over it at open. A file MapDB cannot open or read is deleted and recreated, logged
 * at WARN, and the journal replayed into it: the cache loses entries rather than serve wrong ones.
 *
 * <p>Thread-safe. Calls after {@link #close()} throw {@link TierUnavailableException}.
 */
public interface MapDbTier extends ByteTier, MeterBinder {
  /**
   * Opens (or creates) the store and replays its journal; a corrupt file, or one a crash left inside a
   * checkpoint, is replaced by a fresh one (logged) into which the journal is replayed.
   *
   * @throws TierUnavailableException if the file is locked by another open store (it is left intact),
   *     or even a fresh store cannot be created (e.g. directory not writable)
   */
  static MapDbTier open(MapDbConfig config) {
    return new MapDbStore(config);
  }

  /** How many times the store was found corrupt and recreated since opened. */
  long recreations();

  /** Entries removed to keep the store within {@link MapDbConfig#maxEntries()}. */
  long evictions();

  /** Journal records applied to the store at open or after a recovery (writes a crash did not lose). */
  long replayedWrites();

  /** Completed checkpoints (MapDB commits that emptied the journal) since opened. */
  long checkpoints();

  /** Values whose checksum failed (torn or corrupt) and were dropped. */
  long corruptValues();

  /**
   * A snapshot of the tier's counters. Thread-safe; never throws.
   *
   * @return a new immutable snapshot
   */
  MapDbTierStats stats();

  /**
   * The tier's meters (see {@link #bindTo}); nothing is registered until {@code bindTo} is called. Returns
   * this tier, which is itself the binder; {@link TieredCache#metrics()} binds it with the cache's.
   */
  default MeterBinder metrics() {
    return this;
  }

  /**
   * Binds {@code optimizer.cache.l3.recreations}, {@code .corrupt.values}, {@code .journal.replayed},
   * {@code .checkpoints}, {@code .sync.failures} (counters) and {@code .journal.bytes} (gauge), tagged
   * {@code tier} and {@code file}. Binding a registry twice does nothing.
   */
  @Override
  void bindTo(MeterRegistry registry);

  /**
   * Forces the journal to the device now: every write that returned before this call survives a power
   * loss. (A killed process loses none of them even without it.)
   *
   * @throws TierUnavailableException if the device reports a failure or the tier is closed
   */
  void sync();

  /**
   * Commits the MapDB file and empties the journal; runs by itself when the journal reaches
   * {@link MapDbConfig#checkpointBytes()} or has held writes for {@link MapDbConfig#checkpointInterval()}.
   *
   * @throws TierUnavailableException if the commit fails or the tier is closed
   */
  void checkpoint();

  /** Checkpoints, stops the background thread and closes the file. Idempotent. */
  @Override
  void close();
}
