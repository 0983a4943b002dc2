package dev.optimizer.cache.internal.mapdb;

import dev.optimizer.cache.MapDbConfig;
import dev.optimizer.cache.MapDbTier;
import dev.optimizer.cache.MapDbTierStats;
import dev.optimizer.cache.internal.Glob;
import dev.optimizer.cache.internal.RedoJournal;
import dev.optimizer.cache.spi.TierUnavailableException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.mapdb.HTreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MapDbTier} implementation; see the interface for the contract. It coordinates the record
 * layout ({@link MapDbRecords}), durability ({@link MapDbDurability}), recovery ({@link MapDbRecovery})
 * and maintenance ({@link MapDbMaintenance}) under one lock: the read side for any use of the store, the
 * write side for replacing or closing it; and a per-key stripe so the journal and the map see a key's
 * writes in the same order.
 */
public final class MapDbStore implements MapDbTier {
  private static final Logger log = LoggerFactory.getLogger(MapDbStore.class);
  private static final int STRIPES = 64;

  private final MapDbConfig config;
  private final String tierName;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final LongAdder corruptValues = new LongAdder();
  private final MapDbDurability durability;
  private final MapDbRecovery recovery;
  private final MapDbMaintenance maintenance;
  private volatile boolean closed;

  /** Opens (or creates) the store; see {@link MapDbTier#open}. */
  public MapDbStore(MapDbConfig config) {
    this.config = config;
    this.tierName = config.tierName();
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    this.durability = new MapDbDurability(config);
    this.recovery = new MapDbRecovery(config, durability, corruptValues);
    lock.writeLock().lock();
    try {
      recovery.restore();
    } catch (RuntimeException | Error e) {
      recovery.closeStore();
      durability.close();
      throw e;
    } finally {
      lock.writeLock().unlock();
    }
    this.maintenance = new MapDbMaintenance(this, config, durability);
  }

  @Override
  public String name() {
    return tierName;
  }

  @Override
  public long recreations() {
    return recovery.recreations.sum();
  }

  @Override
  public long evictions() {
    return maintenance.evictions.sum();
  }

  @Override
  public long replayedWrites() {
    return recovery.replayedWrites.sum();
  }

  @Override
  public long checkpoints() {
    return durability.checkpoints.sum();
  }

  @Override
  public long corruptValues() {
    return corruptValues.sum();
  }

  @Override
  public MapDbTierStats stats() {
    return new MapDbTierStats(recovery.recreations.sum(), corruptValues.sum(), maintenance.evictions.sum(),
        recovery.replayedWrites.sum(), durability.checkpoints.sum(), maintenance.failures.sum(),
        durability.journalSize());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Tags tags = Tags.of("tier", tierName, "file", config.file().getFileName().toString());
    FunctionCounter.builder("optimizer.cache.l3.recreations", recovery.recreations, LongAdder::sum).tags(tags)
        .description("times the store was found corrupt or torn and recreated").register(registry);
    FunctionCounter.builder("optimizer.cache.l3.corrupt.values", corruptValues, LongAdder::sum).tags(tags)
        .description("values that failed their checksum and were dropped").register(registry);
    FunctionCounter.builder("optimizer.cache.l3.journal.replayed", recovery.replayedWrites, LongAdder::sum)
        .tags(tags).description("journaled writes replayed after a crash or recovery").register(registry);
    FunctionCounter.builder("optimizer.cache.l3.checkpoints", durability.checkpoints, LongAdder::sum).tags(tags)
        .description("MapDB commits that emptied the journal").register(registry);
    FunctionCounter.builder("optimizer.cache.l3.sync.failures", maintenance.failures, LongAdder::sum)
        .tags(tags).description("background journal fsyncs or checkpoints that failed").register(registry);
    Gauge.builder("optimizer.cache.l3.journal.bytes", durability, MapDbDurability::journalSize).tags(tags)
        .description("bytes in the redo journal, awaiting a checkpoint").baseUnit("bytes").register(registry);
  }

  @Override
  public byte @Nullable [] get(String key) {
    lock.readLock().lock();
    byte[] record;
    try {
      record = map().get(key);
    } catch (RuntimeException | java.io.IOError | AssertionError e) {
      lock.readLock().unlock();
      recoverFromFailure(e);
      return null;
    }
    lock.readLock().unlock();
    return record == null ? null : payloadOrNull(key, record);
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    Map<String, byte[]> out = new HashMap<>();
    for (String k : keys) {
      byte[] v = get(k);
      if (v != null) {
        out.put(k, v);
      }
    }
    return out;
  }

  @Override
  public void put(String key, byte[] value, Duration ttl) {
    byte[] record = record(key, value, ttl);
    write(() -> journaled(RedoJournal.Op.PUT, key, record));
    afterWrite();
  }

  @Override
  public void putAll(Map<String, byte[]> entries, Duration ttl) {
    write(() -> entries.forEach((k, v) -> journaled(RedoJournal.Op.PUT, k, record(k, v, ttl))));
    afterWrite();
  }

  @Override
  public void invalidate(String key) {
    write(() -> journaled(RedoJournal.Op.REMOVE, key, null));
    afterWrite();
  }

  @Override
  public long invalidateMatching(String glob) {
    Pattern p = Glob.compile(glob);
    long[] removed = {0};
    write(() -> {
      HTreeMap<String, byte[]> m = map();
      List<String> doomed = new ArrayList<>();
      for (String k : m.getKeys()) {
        if (p.matcher(k).matches()) {
          doomed.add(k);
        }
      }
      for (String k : doomed) {
        if (journaled(RedoJournal.Op.REMOVE, k, null)) {
          removed[0]++;
        }
      }
    });
    afterWrite();
    return removed[0];
  }

  @Override
  public void invalidateAll() {
    write(() -> {
      lockAllStripes();
      try {
        appendToJournal(RedoJournal.Op.CLEAR, "", null);
        map().clear();
      } finally {
        unlockAllStripes();
      }
    });
    afterWrite();
  }

  @Override
  public long estimatedSize() {
    lock.readLock().lock();
    try {
      HTreeMap<String, byte[]> m = recovery.map();
      return closed || m == null ? -1 : m.sizeLong();
    } catch (RuntimeException e) {
      return -1;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void sync() {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new TierUnavailableException(tierName, "store " + config.file() + " is closed", null);
      }
      durability.force();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void checkpoint() {
    lock.readLock().lock();
    try {
      if (closed || recovery.db() == null) {
        throw new TierUnavailableException(tierName, "store " + config.file() + " is closed", null);
      }
      lockAllStripes();
      try {
        durability.checkpoint(recovery.db());
      } finally {
        unlockAllStripes();
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    maintenance.stop();
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (recovery.db() != null) {
        try {
          durability.checkpoint(recovery.db());
        } catch (TierUnavailableException e) {
          log.warn("{}: final checkpoint of {} failed; the journal keeps the writes for the next open",
              tierName, config.file(), e);
        }
      }
      recovery.closeStore();
      durability.close();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "MapDbTier[" + config.file() + "#" + config.mapName() + "]";
  }

  // ---------------------------------------------------------------- for the parts

  boolean isClosed() {
    return closed;
  }

  /** The open map; throws if the tier is closed. */
  HTreeMap<String, byte[]> map() {
    HTreeMap<String, byte[]> m = recovery.map();
    if (closed || m == null) {
      throw new TierUnavailableException(tierName, "store " + config.file() + " is closed", null);
    }
    return m;
  }

  /** Runs a write under the read lock; a failure is a {@link TierUnavailableException}. */
  void write(Runnable action) {
    RuntimeException failure;
    lock.readLock().lock();
    try {
      action.run();
      return;
    } catch (TierUnavailableException e) {
      throw e;
    } catch (RuntimeException | java.io.IOError | AssertionError e) {
      failure = new TierUnavailableException(tierName, "write to " + config.file() + " failed: " + e, e);
    } finally {
      lock.readLock().unlock();
    }
    if (MapDbRecovery.isInterruption(failure.getCause())) {
      recoverFromFailure(failure.getCause());
    }
    throw failure;
  }

  /**
   * Appends the write to the journal, then applies it to the map, both under the key's stripe so that
   * replay repeats the map's order. Returns whether a REMOVE removed something.
   */
  boolean journaled(RedoJournal.Op op, String key, byte @Nullable [] record) {
    ReentrantLock stripe = stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
    stripe.lock();
    try {
      appendToJournal(op, key, record);
      HTreeMap<String, byte[]> m = map();
      if (op == RedoJournal.Op.PUT) {
        m.put(key, record);
        return true;
      }
      return m.remove(key) != null;
    } finally {
      stripe.unlock();
    }
  }

  // ---------------------------------------------------------------- internals

  private void appendToJournal(RedoJournal.Op op, String key, byte @Nullable [] record) {
    map(); // a closed tier must not grow its journal
    durability.append(op, key, record);
  }

  private void lockAllStripes() {
    for (ReentrantLock s : stripes) {
      s.lock();
    }
  }

  private void unlockAllStripes() {
    for (int i = STRIPES - 1; i >= 0; i--) {
      stripes[i].unlock();
    }
  }

  private void afterWrite() {
    if (config.maxEntries() > 0) {
      maintenance.evictIfOverBound();
    }
    if (config.syncInterval().isZero()) {
      sync();
    } else {
      durability.markDirty();
    }
  }

  private byte[] record(String key, byte[] value, Duration ttl) {
    long expiresAt = ttl.isZero() ? 0 : config.ticker().wallMillis() + ttl.toMillis();
    return MapDbRecords.encode(key, value, expiresAt);
  }

  private byte @Nullable [] payloadOrNull(String key, byte[] record) {
    if (record.length < MapDbRecords.HEADER) {
      dropCorrupt(key, record, "record of " + record.length + " bytes");
      return null;
    }
    if (!MapDbRecords.checksumMatches(key, record)) {
      dropCorrupt(key, record, "checksum mismatch");
      return null;
    }
    if (MapDbRecords.isExpired(MapDbRecords.expiresAt(record), config.ticker().wallMillis())) {
      try {
        write(() -> map().remove(key, record));
      } catch (TierUnavailableException e) {
        log.debug("{}: could not remove expired entry {}", tierName, key, e);
      }
      return null;
    }
    return MapDbRecords.payload(record);
  }

  private void dropCorrupt(String key, byte[] record, String why) {
    corruptValues.increment();
    log.warn("{}: value under '{}' in {} is corrupt ({}); dropped and treated as a miss", tierName, key,
        config.file(), why);
    try {
      // Conditional, and not journaled: a put racing with this must win, and a replay may bring back
      // the journal's intact copy of this value, which is right.
      write(() -> map().remove(key, record));
    } catch (TierUnavailableException e) {
      log.debug("{}: could not drop corrupt entry {}", tierName, key, e);
    }
  }

  private void recoverFromFailure(Throwable e) {
    lock.writeLock().lock();
    try {
      if (closed) {
        throw new TierUnavailableException(tierName, "store is closed", null);
      }
      recovery.recoverFrom(e);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
