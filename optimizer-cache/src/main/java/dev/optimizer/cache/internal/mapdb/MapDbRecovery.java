package dev.optimizer.cache.internal.mapdb;

import dev.optimizer.cache.MapDbConfig;
import dev.optimizer.cache.spi.TierUnavailableException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening the MapDB file and keeping it trustworthy: open, verify a sample, or delete and recreate a file
 * that is corrupt or was left inside a checkpoint, then replay the journal into it; reopen after an
 * interrupted thread closed the channel. Holds the open {@link DB} and map. Callers hold the tier's write
 * lock.
 */
final class MapDbRecovery {
  private static final Logger log = LoggerFactory.getLogger(MapDbRecovery.class);
  private static final int VERIFY_ON_OPEN = 1_000;

  private final MapDbConfig config;
  private final String tierName;
  private final MapDbDurability durability;
  private final LongAdder corruptValues;
  final LongAdder recreations = new LongAdder();
  final LongAdder replayedWrites = new LongAdder();
  private @Nullable DB db;
  private @Nullable HTreeMap<String, byte[]> map;

  MapDbRecovery(MapDbConfig config, MapDbDurability durability, LongAdder corruptValues) {
    this.config = config;
    this.tierName = config.tierName();
    this.durability = durability;
    this.corruptValues = corruptValues;
  }

  /** The open map, or null when closed. */
  @Nullable HTreeMap<String, byte[]> map() {
    return map;
  }

  /** The open database, or null when closed. */
  @Nullable DB db() {
    return db;
  }

  static boolean isInterruption(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DBException.VolumeClosedByInterrupt || t instanceof DBException.Interrupted
          || t instanceof java.nio.channels.ClosedByInterruptException
          || t instanceof DBException.VolumeClosed) {
        return true;
      }
    }
    return false;
  }

  /** After a read or write failed with {@code e}: reopens the file, or recreates it if it is corrupt. */
  void recoverFrom(Throwable e) {
    if (isInterruption(e)) {
      // A thread interrupted during file I/O closes the whole FileChannel: the file is fine, reopen it.
      log.warn("{}: {} was closed by an interrupted thread; reopening it", tierName, config.file());
      closeStore();
      // Reopen with the flag clear (else the reopen is interrupted too), then give the caller its flag back.
      boolean interrupted = Thread.interrupted();
      try {
        restore();
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    } else {
      log.warn("{}: reading {} failed ({}); the store is treated as corrupt and recreated empty",
          tierName, config.file(), e.toString(), e);
      closeStore();
      recreate();
      replayJournal();
    }
  }

  /** Opens the store (recreating it if corrupt) and replays the journal over it. */
  void restore() {
    openOrRecreate();
    try {
      replayJournal();
    } catch (RuntimeException | java.io.IOError | AssertionError e) {
      if (e instanceof TierUnavailableException || isInterruption(e)) {
        throw e;
      }
      // The store opened and sampled clean but broke under the replay's writes: it was corrupt after all.
      log.warn("{}: store {} failed while the journal was replayed ({}); recreating it", tierName,
          config.file(), e.toString(), e);
      closeStore();
      recreate();
      replayJournal();
    }
  }

  private void openOrRecreate() {
    boolean interruptedCheckpoint = durability.markerExists();
    try {
      openStore(); // takes MapDB's file lock: nothing below may delete a file another live store holds
      if (!interruptedCheckpoint) {
        verify(VERIFY_ON_OPEN);
        return;
      }
    } catch (DBException.FileLocked e) {
      // Another live store holds the file: it is not corrupt, and deleting it would destroy that store.
      closeStore();
      throw new TierUnavailableException(tierName, config.file() + " is locked by another open store", e);
    } catch (RuntimeException | java.io.IOError | AssertionError e) {
      if (isInterruption(e)) {
        // An interrupted open says nothing about the file: keep it.
        closeStore();
        throw new TierUnavailableException(tierName, "opening " + config.file() + " was interrupted", e);
      }
      log.warn("{}: store {} is corrupt or half-written ({}); deleting it, replaying the journal into a "
          + "fresh one", tierName, config.file(), e.toString(), e);
      closeStore();
      recreate();
      return;
    }
    // The process died inside MapDB's in-place commit. The file may point at reused space that still holds
    // an older, checksum-valid value of some key, so no entry of it can be trusted, not even one that
    // verifies: discard it; the journal holds every write since the previous checkpoint.
    log.warn("{}: a checkpoint of {} was interrupted (the process died inside MapDB's commit); discarding "
        + "the store and replaying the journal into a fresh one", tierName, config.file());
    closeStore();
    recreate();
  }

  /** Applies the journal's records to the open store and, if there were any, checkpoints. */
  private void replayJournal() {
    HTreeMap<String, byte[]> m = map;
    if (m == null) {
      throw new TierUnavailableException(tierName, "store " + config.file() + " is closed", null);
    }
    long n = durability.replay((op, key, value) -> {
      switch (op) {
        case PUT -> m.put(key, value);
        case REMOVE -> m.remove(key);
        case CLEAR -> m.clear();
      }
    });
    if (n > 0) {
      replayedWrites.add(n);
      log.info("{}: replayed {} journaled writes into {}", tierName, n, config.file());
    }
    if (n > 0 || durability.markerExists()) {
      durability.checkpoint(db);
    }
  }

  private void recreate() {
    recreations.increment();
    deleteFiles();
    try {
      openStore();
    } catch (RuntimeException | java.io.IOError e) {
      throw new TierUnavailableException(tierName, "cannot create a fresh store at " + config.file(), e);
    }
  }

  private void openStore() {
    DBMaker.Maker maker = DBMaker.fileDB(config.file().toFile()).transactionEnable();
    maker = config.mmap() ? maker.fileMmapEnableIfSupported() : maker.fileChannelEnable();
    DB opened = maker.make();
    try {
      // MapDB 3.1 never replays these; a crash leaves them behind. Safe now: the file lock is ours.
      deleteWalFiles();
      this.map = opened.hashMap(config.mapName(), Serializer.STRING, Serializer.BYTE_ARRAY)
          .counterEnable().createOrOpen();
      opened.commit();
    } catch (RuntimeException | Error e) {
      try {
        opened.close();
      } catch (RuntimeException | Error ignored) {
        // the store is being discarded; the original failure is what matters
      }
      throw e;
    }
    this.db = opened;
  }

  /**
   * Reads a bounded sample so a store that opens but cannot be read is caught now, not mid-request: checks
   * up to {@code limit} values; bad ones (corrupt on disk) are dropped.
   */
  private void verify(long limit) {
    HTreeMap<String, byte[]> m = map;
    if (m == null) {
      throw new TierUnavailableException(tierName, "store " + config.file() + " is closed", null);
    }
    m.sizeLong();
    long n = 0;
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : m.getEntries()) {
      byte[] r = e.getValue();
      if (r == null || !MapDbRecords.isIntact(e.getKey(), r)) {
        bad.add(e.getKey());
      }
      if (++n >= limit) {
        break;
      }
    }
    if (!bad.isEmpty()) {
      corruptValues.add(bad.size());
      log.warn("{}: {} corrupt values in {} dropped at open", tierName, bad.size(), config.file());
      bad.forEach(m::remove);
      db.commit();
    }
  }

  /** Closes MapDB without committing: whatever it holds uncommitted is in the journal. */
  void closeStore() {
    DB d = db;
    db = null;
    map = null;
    if (d == null) {
      return;
    }
    try {
      d.close();
    } catch (RuntimeException | Error e) {
      log.warn("{}: closing {} failed", tierName, config.file(), e);
    }
  }

  private void deleteFiles() {
    try {
      Files.deleteIfExists(config.file());
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "cannot delete corrupt store " + config.file(), e);
    }
    deleteWalFiles();
  }

  /** MapDB's own log files only: the journal must outlive the store it is replayed into. */
  private void deleteWalFiles() {
    Path file = config.file();
    String prefix = file.getFileName().toString() + ".wal.";
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(),
        p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : siblings) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "cannot delete MapDB log files of " + file, e);
    }
  }
}
