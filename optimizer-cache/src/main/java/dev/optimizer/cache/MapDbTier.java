package dev.optimizer.cache;

import dev.optimizer.cache.internal.Glob;
import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.TierUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L3: a MapDB file store of bytes with per-entry expiry, an entry bound, crash safety and corruption
 * recovery.
 *
 * <p>Each value is stored as {@code expiresAtMillis(8) crc32c(4) payload}, the checksum covering the
 * key, the expiry and the payload: a torn, corrupt or misplaced value fails it and reads as a miss (and is
 * removed), never as a wrong value. The store runs with MapDB's write-ahead log and commits every
 * {@link MapDbConfig#syncInterval()} (or every write), so writes before the last commit survive an
 * unclean shutdown. A file MapDB cannot open or read is deleted and recreated empty, logged at WARN:
 * the cache loses entries rather than serve wrong ones.
 *
 * <p>Thread-safe. Calls after {@link #close()} throw {@link TierUnavailableException}.
 */
public final class MapDbTier implements ByteTier {
  private static final Logger log = LoggerFactory.getLogger(MapDbTier.class);
  private static final int HEADER = 12;
  private static final int VERIFY_ON_OPEN = 1_000;

  private final MapDbConfig config;
  private final String tierName;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final AtomicBoolean evicting = new AtomicBoolean();
  private final LongAdder corruptValues = new LongAdder();
  private final LongAdder recreations = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final @Nullable ScheduledExecutorService syncer;
  private @Nullable DB db;
  private @Nullable HTreeMap<String, byte[]> map;
  private volatile boolean closed;

  private MapDbTier(MapDbConfig config) {
    this.config = config;
    this.tierName = config.tierName();
    openOrRecreate();
    if (!config.syncInterval().isZero()) {
      syncer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "optimizer-cache-mapdb-sync-" + config.file().getFileName());
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(1, config.syncInterval().toMillis());
      syncer.scheduleWithFixedDelay(this::syncQuietly, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      syncer = null;
    }
  }

  /**
   * Opens (or creates) the store; a corrupt file is replaced by an empty one and logged.
   *
   * @throws TierUnavailableException if the file is locked by another open store (it is left intact),
   *     or even a fresh store cannot be created (e.g. directory not writable)
   */
  public static MapDbTier open(MapDbConfig config) {
    return new MapDbTier(config);
  }

  @Override
  public String name() {
    return tierName;
  }

  /** How many times the store was found corrupt and recreated since opened. */
  public long recreations() {
    return recreations.sum();
  }

  /** Entries removed to keep the store within {@link MapDbConfig#maxEntries()}. */
  public long evictions() {
    return evictions.sum();
  }

  /** Values whose checksum failed (torn or corrupt) and were dropped. */
  public long corruptValues() {
    return corruptValues.sum();
  }

  @Override
  public byte @Nullable [] get(String key) {
    lock.readLock().lock();
    byte[] record;
    try {
      record = store().get(key);
    } catch (RuntimeException | java.io.IOError | AssertionError e) {
      lock.readLock().unlock();
      recoverFromReadFailure(e);
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
    write(() -> store().put(key, record(key, value, ttl)));
    afterWrite();
  }

  @Override
  public void putAll(Map<String, byte[]> entries, Duration ttl) {
    write(() -> {
      HTreeMap<String, byte[]> m = store();
      entries.forEach((k, v) -> m.put(k, record(k, v, ttl)));
    });
    afterWrite();
  }

  @Override
  public void invalidate(String key) {
    write(() -> store().remove(key));
    afterWrite();
  }

  @Override
  public long invalidateMatching(String glob) {
    Pattern p = Glob.compile(glob);
    long[] removed = {0};
    write(() -> {
      HTreeMap<String, byte[]> m = store();
      List<String> doomed = new ArrayList<>();
      for (String k : m.getKeys()) {
        if (p.matcher(k).matches()) {
          doomed.add(k);
        }
      }
      for (String k : doomed) {
        if (m.remove(k) != null) {
          removed[0]++;
        }
      }
    });
    afterWrite();
    return removed[0];
  }

  @Override
  public void invalidateAll() {
    write(() -> store().clear());
    afterWrite();
  }

  @Override
  public long estimatedSize() {
    lock.readLock().lock();
    try {
      return closed || map == null ? -1 : map.sizeLong();
    } catch (RuntimeException e) {
      return -1;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Commits now: every write made so far survives an unclean shutdown. */
  public void sync() {
    lock.readLock().lock();
    try {
      if (!closed && db != null) {
        dirty.set(false);
        db.commit();
      }
    } catch (RuntimeException e) {
      throw new TierUnavailableException(tierName, "commit failed: " + e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    if (syncer != null) {
      syncer.shutdownNow();
    }
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeStore(true);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "MapDbTier[" + config.file() + "#" + config.mapName() + "]";
  }

  // ---------------------------------------------------------------- internals

  private HTreeMap<String, byte[]> store() {
    HTreeMap<String, byte[]> m = map;
    if (closed || m == null) {
      throw new TierUnavailableException(tierName, "store " + config.file() + " is closed", null);
    }
    return m;
  }

  private void write(Runnable action) {
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
    if (isInterruption(failure.getCause())) {
      recoverFromReadFailure(failure.getCause());
    }
    throw failure;
  }

  private void afterWrite() {
    if (config.maxEntries() > 0) {
      evictIfOverBound();
    }
    if (config.syncInterval().isZero()) {
      sync();
    } else {
      dirty.set(true);
    }
  }

  private void evictIfOverBound() {
    long max = config.maxEntries();
    if (estimatedSize() <= max || !evicting.compareAndSet(false, true)) {
      return;
    }
    try {
      write(() -> {
        HTreeMap<String, byte[]> m = store();
        long target = max - max / 10;
        long excess = m.sizeLong() - target;
        long now = config.clock().millis();
        List<String> doomed = new ArrayList<>();
        // Expired entries go first; then hash order, which is as good as random for a disk tier.
        List<String> others = new ArrayList<>();
        for (Iterator<Map.Entry<String, byte[]>> it = m.getEntries().iterator();
             it.hasNext() && doomed.size() < excess; ) {
          Map.Entry<String, byte[]> e = it.next();
          long exp = e.getValue().length >= 8 ? ByteBuffer.wrap(e.getValue()).getLong() : 0;
          if (exp != 0 && exp <= now) {
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
          if (m.remove(k) != null) {
            evictions.increment();
          }
        }
      });
    } finally {
      evicting.set(false);
    }
  }

  private byte[] record(String key, byte[] value, Duration ttl) {
    long expiresAt = ttl.isZero() ? 0 : config.clock().millis() + ttl.toMillis();
    ByteBuffer b = ByteBuffer.allocate(HEADER + value.length);
    b.putLong(expiresAt);
    b.putInt(checksum(key, expiresAt, value, 0, value.length));
    b.put(value);
    return b.array();
  }

  private byte @Nullable [] payloadOrNull(String key, byte[] record) {
    if (record.length < HEADER) {
      dropCorrupt(key, "record of " + record.length + " bytes");
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(record);
    long expiresAt = b.getLong();
    int crc = b.getInt();
    if (crc != checksum(key, expiresAt, record, HEADER, record.length - HEADER)) {
      dropCorrupt(key, "checksum mismatch");
      return null;
    }
    if (expiresAt != 0 && expiresAt <= config.clock().millis()) {
      try {
        write(() -> store().remove(key, record));
      } catch (TierUnavailableException e) {
        log.debug("{}: could not remove expired entry {}", tierName, key, e);
      }
      return null;
    }
    return java.util.Arrays.copyOfRange(record, HEADER, record.length);
  }

  private void dropCorrupt(String key, String why) {
    corruptValues.increment();
    log.warn("{}: value under '{}' in {} is corrupt ({}); dropped and treated as a miss", tierName, key,
        config.file(), why);
    try {
      write(() -> store().remove(key));
    } catch (TierUnavailableException e) {
      log.debug("{}: could not drop corrupt entry {}", tierName, key, e);
    }
  }

  private static int checksum(String key, long expiresAt, byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    crc.update(ByteBuffer.allocate(8).putLong(expiresAt).array());
    crc.update(data, off, len);
    return (int) crc.getValue();
  }

  private void syncQuietly() {
    if (!dirty.get()) {
      return;
    }
    try {
      sync();
    } catch (RuntimeException e) {
      log.warn("{}: periodic commit of {} failed; writes since the last commit may be lost on a crash",
          tierName, config.file(), e);
    }
  }

  private void recoverFromReadFailure(Throwable e) {
    lock.writeLock().lock();
    try {
      if (closed) {
        throw new TierUnavailableException(tierName, "store is closed", null);
      }
      if (isInterruption(e)) {
        // A thread interrupted during file I/O closes the whole FileChannel: the file is fine, reopen it.
        log.warn("{}: {} was closed by an interrupted thread; reopening it", tierName, config.file());
        closeStore(false);
        // Reopen with the flag clear (else the reopen is interrupted too), then give the caller its flag back.
        boolean interrupted = Thread.interrupted();
        try {
          openOrRecreate();
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      } else {
        log.warn("{}: reading {} failed ({}); the store is treated as corrupt and recreated empty",
            tierName, config.file(), e.toString(), e);
        closeStore(false);
        recreate();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static boolean isInterruption(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DBException.VolumeClosedByInterrupt || t instanceof DBException.Interrupted
          || t instanceof java.nio.channels.ClosedByInterruptException
          || t instanceof DBException.VolumeClosed) {
        return true;
      }
    }
    return false;
  }

  private void openOrRecreate() {
    try {
      Files.createDirectories(config.file().getParent());
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "cannot create directory of " + config.file(), e);
    }
    try {
      openStore();
      verify();
    } catch (DBException.FileLocked e) {
      // Another live store holds the file: it is not corrupt, and deleting it would destroy that store.
      closeStore(false);
      throw new TierUnavailableException(tierName, config.file() + " is locked by another open store", e);
    } catch (RuntimeException | java.io.IOError | AssertionError e) {
      if (isInterruption(e)) {
        // An interrupted open says nothing about the file: keep it.
        closeStore(false);
        throw new TierUnavailableException(tierName, "opening " + config.file() + " was interrupted", e);
      }
      log.warn("{}: store {} is corrupt or half-written ({}); deleting it and starting empty",
          tierName, config.file(), e.toString(), e);
      closeStore(false);
      recreate();
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

  /** Reads a bounded sample so a store that opens but cannot be read is caught now, not mid-request. */
  private void verify() {
    HTreeMap<String, byte[]> m = store();
    m.sizeLong();
    int n = 0;
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : m.getEntries()) {
      byte[] r = e.getValue();
      if (r == null || r.length < HEADER || ByteBuffer.wrap(r, 8, 4).getInt()
          != checksum(e.getKey(), ByteBuffer.wrap(r).getLong(), r, HEADER, r.length - HEADER)) {
        bad.add(e.getKey());
      }
      if (++n >= VERIFY_ON_OPEN) {
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

  private void closeStore(boolean commit) {
    DB d = db;
    db = null;
    map = null;
    if (d == null) {
      return;
    }
    try {
      if (commit) {
        d.commit();
      }
      d.close();
    } catch (RuntimeException | Error e) {
      log.warn("{}: closing {} failed", tierName, config.file(), e);
    }
  }

  private void deleteFiles() {
    Path file = config.file();
    String prefix = file.getFileName().toString() + ".";
    try {
      Files.deleteIfExists(file);
      try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(),
          p -> p.getFileName().toString().startsWith(prefix))) {
        for (Path p : siblings) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "cannot delete corrupt store " + file, e);
    }
  }
}
