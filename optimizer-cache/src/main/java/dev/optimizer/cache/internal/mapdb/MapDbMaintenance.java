package dev.optimizer.cache.internal.mapdb;

import dev.optimizer.cache.MapDbConfig;
import dev.optimizer.cache.internal.RedoJournal;
import dev.optimizer.core.support.DaemonThreadFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.mapdb.HTreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeping an L3 store within its bounds over time: eviction down to {@link MapDbConfig#maxEntries()}, and
 * the background thread that forces the journal and checkpoints when it is large or old.
 */
final class MapDbMaintenance {
  private static final Logger log = LoggerFactory.getLogger(MapDbMaintenance.class);
  private static final long CHECK_PERIOD_MILLIS = 100;

  private final MapDbStore store;
  private final MapDbConfig config;
  private final String tierName;
  private final MapDbDurability durability;
  private final AtomicBoolean evicting = new AtomicBoolean();
  final LongAdder evictions = new LongAdder();
  final LongAdder failures = new LongAdder();
  /** Only the maintenance thread reads and writes it. */
  private boolean failing;
  private final ScheduledExecutorService syncer;

  /** Starts the background thread. */
  MapDbMaintenance(MapDbStore store, MapDbConfig config, MapDbDurability durability) {
    this.store = store;
    this.config = config;
    this.tierName = config.tierName();
    this.durability = durability;
    this.syncer = DaemonThreadFactory.singleThreadScheduler(
        "cache", "mapdb-sync-" + config.file().getFileName());
    long ms = config.syncInterval().isZero() ? CHECK_PERIOD_MILLIS
        : Math.max(1, Math.min(CHECK_PERIOD_MILLIS, config.syncInterval().toMillis()));
    syncer.scheduleWithFixedDelay(this::maintain, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Evicts down to 90% of the bound once the store holds more than it; one thread at a time. */
  void evictIfOverBound() {
    long max = config.maxEntries();
    if (store.estimatedSize() <= max || !evicting.compareAndSet(false, true)) {
      return;
    }
    try {
      store.write(() -> {
        HTreeMap<String, byte[]> m = store.map();
        long target = max - max / 10;
        long excess = m.sizeLong() - target;
        long now = config.ticker().wallMillis();
        List<String> doomed = new ArrayList<>();
        // Expired entries go first; then hash order, which is as good as random for a disk tier.
        List<String> others = new ArrayList<>();
        for (Iterator<Map.Entry<String, byte[]>> it = m.getEntries().iterator();
             it.hasNext() && doomed.size() < excess; ) {
          Map.Entry<String, byte[]> e = it.next();
          if (MapDbRecords.isExpired(MapDbRecords.expiresAtOrZero(e.getValue()), now)) {
            doomed.add(e.getKey());
          } else if (others.size() < excess) {
            others.add(e.getKey());
          }
        }
        for (String k : others) {
          if (doomed.size() >= excess) {
            break;
          }
          doomed.add(k);
        }
        for (String k : doomed) {
          if (store.journaled(RedoJournal.Op.REMOVE, k, null)) {
            evictions.increment();
          }
        }
      });
    } finally {
      evicting.set(false);
    }
  }

  /**
   * Background: forces the journal when writes are pending, checkpoints when it is large or old. A
   * failing device is logged once when it starts failing and once when it recovers, not every period.
   */
  private void maintain() {
    try {
      if (durability.isDirty()) {
        store.sync();
      }
      if (durability.checkpointDue()) {
        store.checkpoint();
      }
      if (failing) {
        failing = false;
        log.info("{}: background sync of {} works again", tierName, config.file());
      }
    } catch (RuntimeException e) {
      failures.increment();
      if (store.isClosed()) {
        return;
      }
      if (!failing) {
        failing = true;
        log.warn("{}: background sync of {} failed; retrying every period, the journal keeps every write "
            + "meanwhile (logged again when it recovers)", tierName, config.file(), e);
      } else {
        log.debug("{}: background sync of {} still failing", tierName, config.file(), e);
      }
    }
  }

  /** Stops the background thread, letting a checkpoint in flight finish. */
  void stop() {
    // No interrupt: a checkpoint in flight on a FileChannel store would have its channel closed mid-commit.
    syncer.shutdown();
    try {
      if (!syncer.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("{}: background sync of {} still running after 30 s; closing anyway", tierName,
            config.file());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
