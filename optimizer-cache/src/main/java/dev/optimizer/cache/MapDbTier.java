package dev.optimizer.cache;

import dev.optimizer.cache.internal.Glob;
import dev.optimizer.cache.internal.RedoJournal;
import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.TierUnavailableException;
import dev.optimizer.core.support.DaemonThreadFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
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
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
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
 * removed), never as a wrong value.
 *
 * <p>Durability (details in {@link MapDbConfig}): each write goes to a redo journal first, so a write
 * that returned survives a killed process; the MapDB file is committed only at checkpoints, and the
 * journal is replayed over it at open. A file MapDB cannot open or read is deleted and recreated, logged
 * at WARN, and the journal replayed into it: the cache loses entries rather than serve wrong ones.
 *
 * <p>Thread-safe. Calls after {@link #close()} throw {@link TierUnavailableException}.
 */
public final class MapDbTier implements ByteTier, MeterBinder {
  private static final Logger log = LoggerFactory.getLogger(MapDbTier.class);
  private static final int HEADER = 12;
  private static final int VERIFY_ON_OPEN = 1_000;
  private static final int STRIPES = 64;
  private static final long CHECK_PERIOD_MILLIS = 100;

  private final MapDbConfig config;
  private final String tierName;
  /** Read side: any use of the store; write side: replacing or closing it. */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Per-key order: the journal and the map see a key's writes in the same order. */
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final AtomicBoolean evicting = new AtomicBoolean();
  private final LongAdder corruptValues = new LongAdder();
  private final LongAdder recreations = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder replayedWrites = new LongAdder();
  private final LongAdder checkpoints = new LongAdder();
  private final LongAdder maintenanceFailures = new LongAdder();
  /** Only the maintenance thread reads and writes it. */
  private boolean maintenanceFailing;
  private final ScheduledExecutorService syncer;
  private final RedoJournal journal;
  private final Path marker;
  /** The ticker's reading at the last checkpoint (set in the constructor). */
  private volatile long lastCheckpointNanos;
  private @Nullable DB db;
  private @Nullable HTreeMap<String, byte[]> map;
  private volatile boolean closed;

  private MapDbTier(MapDbConfig config) {
    this.config = config;
    this.lastCheckpointNanos = config.ticker().read();
    this.tierName = config.tierName();
    this.marker = sibling(".checkpoint");
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    createDirectories();
    try {
      this.journal = RedoJournal.open(sibling(".journal"));
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "cannot open the journal of " + config.file(), e);
    }
    lock.writeLock().lock();
    try {
      restore();
    } catch (RuntimeException | Error e) {
      closeStore();
      closeJournal();
      throw e;
    } finally {
      lock.writeLock().unlock();
    }
    syncer = Executors.newSingleThreadScheduledExecutor(
        DaemonThreadFactory.of("cache", "mapdb-sync-" + config.file().getFileName()));
    long ms = config.syncInterval().isZero() ? CHECK_PERIOD_MILLIS
        : Math.max(1, Math.min(CHECK_PERIOD_MILLIS, config.syncInterval().toMillis()));
    syncer.scheduleWithFixedDelay(this::maintain, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens (or creates) the store and replays its journal; a corrupt file, or one a crash left inside a
   * checkpoint, is replaced by a fresh one (logged) into which the journal is replayed.
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

  /** Journal records applied to the store at open or after a recovery (writes a crash did not lose). */
  public long replayedWrites() {
    return replayedWrites.sum();
  }

  /** Completed checkpoints (MapDB commits that emptied the journal) since opened. */
  public long checkpoints() {
    return checkpoints.sum();
  }

  /**
   * A snapshot of the tier's counters. Thread-safe; never throws.
   *
   * @return a new immutable snapshot
   */
  public MapDbTierStats stats() {
    return new MapDbTierStats(recreations.sum(), corruptValues.sum(), evictions.sum(), replayedWrites.sum(),
        checkpoints.sum(), maintenanceFailures.sum(), journal.size());
  }

  /**
   * The tier's meters (see {@link #bindTo}); nothing is registered until {@code bindTo} is called. Returns
   * this tier, which is itself the binder; {@link TieredCache#metrics()} binds it with the cache's.
   */
  public MeterBinder metrics() {
    return this;
  }

  /**
   * Binds {@code optimizer.cache.l3.recreations}, {@code .corrupt.values}, {@code .journal.replayed},
   * {@code .checkpoints}, {@code .sync.failures} (counters) and {@code .journal.bytes} (gauge), tagged
   * {@code tier} and {@code file}. Binding a registry twice does nothing.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Tags tags = Tags.of("tier", tierName, "file", config.file().getFileName().toString());
    FunctionCounter.builder("optimizer.cache.l3.recreations", recreations, LongAdder::sum).tags(tags)
        .description("times the store was found corrupt or torn and recreated").register(registry);
    FunctionCounter.builder("optimizer.cache.l3.corrupt.values", corruptValues, LongAdder::sum).tags(tags)
        .description("values that failed their checksum and were dropped").register(registry);
    FunctionCounter.builder("optimizer.cache.l3.journal.replayed", replayedWrites, LongAdder::sum).tags(tags)
        .description("journaled writes replayed after a crash or recovery").register(registry);
    FunctionCounter.builder("optimizer.cache.l3.checkpoints", checkpoints, LongAdder::sum).tags(tags)
        .description("MapDB commits that emptied the journal").register(registry);
    FunctionCounter.builder("optimizer.cache.l3.sync.failures", maintenanceFailures, LongAdder::sum)
        .tags(tags).description("background journal fsyncs or checkpoints that failed").register(registry);
    Gauge.builder("optimizer.cache.l3.journal.bytes", journal, RedoJournal::size).tags(tags)
        .description("bytes in the redo journal, awaiting a checkpoint").baseUnit("bytes").register(registry);
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
      HTreeMap<String, byte[]> m = store();
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
        store().clear();
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
      return closed || map == null ? -1 : map.sizeLong();
    } catch (RuntimeException e) {
      return -1;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Forces the journal to the device now: every write that returned before this call survives a power
   * loss. (A killed process loses none of them even without it.)
   *
   * @throws TierUnavailableException if the device reports a failure or the tier is closed
   */
  public void sync() {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new TierUnavailableException(tierName, "store " + config.file() + " is closed", null);
      }
      dirty.set(false);
      journal.force();
    } catch (IOException e) {
      dirty.set(true);
      throw new TierUnavailableException(tierName, "forcing the journal of " + config.file() + " failed", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Commits the MapDB file and empties the journal; runs by itself when the journal reaches
   * {@link MapDbConfig#checkpointBytes()} or has held writes for {@link MapDbConfig#checkpointInterval()}.
   *
   * @throws TierUnavailableException if the commit fails or the tier is closed
   */
  void checkpoint() {
    lock.readLock().lock();
    try {
      if (closed || db == null) {
        throw new TierUnavailableException(tierName, "store " + config.file() + " is closed", null);
      }
      lockAllStripes();
      try {
        checkpointNow();
      } finally {
        unlockAllStripes();
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
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
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (db != null) {
        try {
          checkpointNow();
        } catch (TierUnavailableException e) {
          log.warn("{}: final checkpoint of {} failed; the journal keeps the writes for the next open",
              tierName, config.file(), e);
        }
      }
      closeStore();
      closeJournal();
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

  /**
   * Appends the write to the journal, then applies it to the map, both under the key's stripe so that
   * replay repeats the map's order. Returns whether a REMOVE removed something.
   */
  private boolean journaled(RedoJournal.Op op, String key, byte @Nullable [] record) {
    ReentrantLock stripe = stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
    stripe.lock();
    try {
      appendToJournal(op, key, record);
      HTreeMap<String, byte[]> m = store();
      if (op == RedoJournal.Op.PUT) {
        m.put(key, record);
        return true;
      }
      return m.remove(key) != null;
    } finally {
      stripe.unlock();
    }
  }

  private void appendToJournal(RedoJournal.Op op, String key, byte @Nullable [] record) {
    store(); // a closed tier must not grow its journal
    try {
      journal.append(op, key, record);
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "appending to the journal of " + config.file()
          + " failed (" + e.getMessage() + "); the write was not applied", e);
    }
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
        long now = config.ticker().wallMillis();
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
          if (journaled(RedoJournal.Op.REMOVE, k, null)) {
            evictions.increment();
          }
        }
      });
    } finally {
      evicting.set(false);
    }
  }

  private byte[] record(String key, byte[] value, Duration ttl) {
    long expiresAt = ttl.isZero() ? 0 : config.ticker().wallMillis() + ttl.toMillis();
    ByteBuffer b = ByteBuffer.allocate(HEADER + value.length);
    b.putLong(expiresAt);
    b.putInt(checksum(key, expiresAt, value, 0, value.length));
    b.put(value);
    return b.array();
  }

  private byte @Nullable [] payloadOrNull(String key, byte[] record) {
    if (record.length < HEADER) {
      dropCorrupt(key, record, "record of " + record.length + " bytes");
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(record);
    long expiresAt = b.getLong();
    int crc = b.getInt();
    if (crc != checksum(key, expiresAt, record, HEADER, record.length - HEADER)) {
      dropCorrupt(key, record, "checksum mismatch");
      return null;
    }
    if (expiresAt != 0 && expiresAt <= config.ticker().wallMillis()) {
      try {
        write(() -> store().remove(key, record));
      } catch (TierUnavailableException e) {
        log.debug("{}: could not remove expired entry {}", tierName, key, e);
      }
      return null;
    }
    return java.util.Arrays.copyOfRange(record, HEADER, record.length);
  }

  private void dropCorrupt(String key, byte[] record, String why) {
    corruptValues.increment();
    log.warn("{}: value under '{}' in {} is corrupt ({}); dropped and treated as a miss", tierName, key,
        config.file(), why);
    try {
      // Conditional, and not journaled: a put racing with this must win, and a replay may bring back
      // the journal's intact copy of this value, which is right.
      write(() -> store().remove(key, record));
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

  /**
   * Background: forces the journal when writes are pending, checkpoints when it is large or old. A
   * failing device is logged once when it starts failing and once when it recovers, not every period.
   */
  private void maintain() {
    try {
      if (dirty.get()) {
        sync();
      }
      boolean due = !journal.isEmpty()
          && config.ticker().read() - lastCheckpointNanos >= config.checkpointInterval().toNanos();
      if (due || journal.size() >= config.checkpointBytes()) {
        checkpoint();
      }
      if (maintenanceFailing) {
        maintenanceFailing = false;
        log.info("{}: background sync of {} works again", tierName, config.file());
      }
    } catch (RuntimeException e) {
      maintenanceFailures.increment();
      if (closed) {
        return;
      }
      if (!maintenanceFailing) {
        maintenanceFailing = true;
        log.warn("{}: background sync of {} failed; retrying every period, the journal keeps every write "
            + "meanwhile (logged again when it recovers)", tierName, config.file(), e);
      } else {
        log.debug("{}: background sync of {} still failing", tierName, config.file(), e);
      }
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

  /**
   * Opens the store (recreating it if corrupt) and replays the journal over it. Caller holds the write
   * lock.
   */
  private void restore() {
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

  private void createDirectories() {
    try {
      Files.createDirectories(config.file().getParent());
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "cannot create directory of " + config.file(), e);
    }
  }

  private void openOrRecreate() {
    boolean interruptedCheckpoint = Files.exists(marker);
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
    HTreeMap<String, byte[]> m = store();
    long n;
    try {
      n = journal.replay((op, key, value) -> {
        switch (op) {
          case PUT -> m.put(key, value);
          case REMOVE -> m.remove(key);
          case CLEAR -> m.clear();
        }
      });
    } catch (IOException e) {
      throw new TierUnavailableException(tierName, "cannot read the journal of " + config.file(), e);
    }
    if (n > 0) {
      replayedWrites.add(n);
      log.info("{}: replayed {} journaled writes into {}", tierName, n, config.file());
    }
    if (n > 0 || Files.exists(marker)) {
      checkpointNow();
    }
  }

  /**
   * Commits MapDB, then empties the journal. Caller excludes writers. The marker lives only while MapDB
   * commits: if it is found at open, that commit may be torn and the store is discarded.
   */
  private void checkpointNow() {
    DB d = db;
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

  /** Reads a bounded sample so a store that opens but cannot be read is caught now, not mid-request. */
  /** Checks up to {@code limit} values; bad ones (corrupt on disk) are dropped. */
  private void verify(long limit) {
    HTreeMap<String, byte[]> m = store();
    m.sizeLong();
    long n = 0;
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : m.getEntries()) {
      byte[] r = e.getValue();
      if (r == null || r.length < HEADER || ByteBuffer.wrap(r, 8, 4).getInt()
          != checksum(e.getKey(), ByteBuffer.wrap(r).getLong(), r, HEADER, r.length - HEADER)) {
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
  private void closeStore() {
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

  /**
   * Creates the checkpoint marker and forces it and its directory entry to the device before MapDB writes
   * in place, so that after a power loss a half-written store is never found without its marker.
   */
  private void writeMarkerDurably() throws IOException {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(marker,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try (java.nio.channels.FileChannel dir = java.nio.channels.FileChannel.open(marker.getParent(),
        java.nio.file.StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open a directory; the marker is then as durable as they make it.
      log.debug("{}: cannot fsync directory {}", tierName, marker.getParent(), e);
    }
  }

  private void closeJournal() {
    try {
      journal.close();
    } catch (IOException e) {
      log.warn("{}: closing the journal of {} failed", tierName, config.file(), e);
    }
  }

  private Path sibling(String suffix) {
    return config.file().resolveSibling(config.file().getFileName() + suffix);
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
