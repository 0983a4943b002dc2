package dev.optimizer.cache.internal.mapdb;

import dev.optimizer.cache.MapDbConfig;
import dev.optimizer.cache.internal.RedoJournal;
import dev.optimizer.cache.spi.TierUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.mapdb.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes an L3 write survive: the redo journal every write goes to first, its fsync, and the
 * checkpoint (MapDB commit, then an empty journal) guarded by a durable marker file that lives only while
 * MapDB commits in place. Callers provide the locking.
 */
final class MapDbDurability {
  private static final Logger log = LoggerFactory.getLogger(MapDbDurability.class);

  private final MapDbConfig config;
  private final String tierName;
  private final RedoJournal journal;
  private final Path marker;
  private final AtomicBoolean dirty = new AtomicBoolean();
  final LongAdder checkpoints = new LongAdder();
  /** The ticker's reading at the last checkpoint. */
  private volatile long lastCheckpointNanos;

  /** Creates the store's directory and opens its journal. */
  MapDbDurability(MapDbConfig config) {
    this.config = config;
    this.tierName = config.tierName();
    this.lastCheckpointNanos = config.ticker().read();
    this.marker = sibling(config.file(), ".checkpoint");
    try {
      Files.createDirectories(config.file().getParent());
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "cannot create directory of " + config.file(), e);
    }
    try {
      this.journal = RedoJournal.open(sibling(config.file(), ".journal"));
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "cannot open the journal of " + config.file(), e);
    }
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  void append(RedoJournal.Op op, String key, byte @Nullable [] record) {
    try {
      journal.append(op, key, record);
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "appending to the journal of " + config.file()
          + " failed (" + e.getMessage() + "); the write was not applied", e);
    }
  }

  /** Notes writes not yet forced to the device. */
  void markDirty() {
    dirty.set(true);
  }

  boolean isDirty() {
    return dirty.get();
  }

  /** Forces the journal to the device. */
  void force() {
    try {
      dirty.set(false);
      journal.force();
    } catch (IOException e) {
      dirty.set(true);
      throw new TierUnavailableException(tierName, "forcing the journal of " + config.file() + " failed", e);
    }
  }

  /** Whether the journal is large enough, or has held writes long enough, for a checkpoint. */
  boolean checkpointDue() {
    boolean due = !journal.isEmpty()
        && config.ticker().read() - lastCheckpointNanos >= config.checkpointInterval().toNanos();
    return due || journal.size() >= config.checkpointBytes();
  }

  /** Applies the journal's records through {@code sink}; returns how many. */
  long replay(RedoJournal.Sink sink) {
    try {
      return journal.replay(sink);
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "cannot read the journal of " + config.file(), e);
    }
  }

  /** Whether a checkpoint was interrupted: its marker is still there. */
  boolean markerExists() {
    return Files.exists(marker);
  }

  long journalSize() {
    return journal.size();
  }

  /**
   * Commits MapDB, then empties the journal. Caller excludes writers. The marker lives only while MapDB
   * commits: if it is found at open, that commit may be torn and the store is discarded.
   */
  void checkpoint(@Nullable DB d) {
    if (d == null) {
      throw new TierUnavailableException(tierName, "store " + config.file() + " is closed", null);
    }
    try {
      writeMarkerDurably();
      d.commit();
      // Marker gone before the journal is emptied: a kill between the two replays a journal the store
      // already holds, which is harmless (replay is idempotent).
      Files.deleteIfExists(marker);
      journal.reset();
      checkpoints.increment();
      lastCheckpointNanos = config.ticker().read();
    } catch (IOException | RuntimeException e) {
      throw new TierUnavailableException(tierName, "checkpoint of " + config.file() + " failed: " + e, e);
    }
  }

  /**
   * Creates the checkpoint marker and forces it and its directory entry to the device before MapDB writes
   * in place, so that after a power loss a half-written store is never found without its marker.
   */
  private void writeMarkerDurably() throws IOException {
    try (FileChannel ch = FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try (FileChannel dir = FileChannel.open(marker.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open a directory; the marker is then as durable as they make it.
      log.debug("{}: cannot fsync directory {}", tierName, marker.getParent(), e);
    }
  }

  void close() {
    try {
      journal.close();
    } catch (IOException e) {
      log.warn("{}: closing the journal of {} failed", tierName, config.file(), e);
    }
  }
}
