package dev.optimizer.cache;

import static dev.optimizer.core.support.Checks.requireAtLeast;
import static dev.optimizer.core.support.Checks.requireNonBlank;
import static dev.optimizer.core.support.Checks.requireNonNegative;
import static dev.optimizer.core.support.Checks.requirePositive;

import dev.optimizer.core.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link MapDbTier}. Immutable; build with {@link #custom(Path)}.
 *
 * <p>Durability: every write is appended to a redo journal ({@code <file>.journal}) before it is
 * applied, so a write that returned survives the death of the process (SIGKILL, OOM kill) at any point.
 * Against power loss the journal is forced to the device on every write with
 * {@code syncInterval(Duration.ZERO)} (slowest), else within {@code syncInterval} (default 100 ms).
 * The MapDB file itself is committed (a checkpoint) when the journal reaches {@link #checkpointBytes()},
 * when it has held writes for {@link #checkpointInterval()} (reads of committed entries are faster than
 * of MapDB's uncommitted ones), and on {@link MapDbTier#close()}. An unclean shutdown never yields a wrong
 * value.
 *
 * <p>What a checkpoint risks: MapDB 3.1 writes a commit into its file in place without replaying its own
 * log on open, so a process killed inside that window (milliseconds, at most once per
 * {@code checkpointInterval} under steady writes) can leave the file torn, and a torn file can point at
 * reused space that still holds an older, checksum-valid value of some key. A marker file
 * ({@code <file>.checkpoint}) lives for the length of each commit; found at open, it means the file is
 * discarded whatever it looks like, and the journal is replayed into a fresh one: the writes since the
 * previous checkpoint survive, older entries are lost, no stale value is served.
 */
public final class MapDbConfig {
  private final Path file;
  private final String mapName;
  private final long maxEntries;
  private final Duration syncInterval;
  private final long checkpointBytes;
  private final Duration checkpointInterval;
  private final Ticker ticker;
  private final boolean mmap;
  private final String tierName;

  private MapDbConfig(Builder b) {
    this.file = b.file;
    this.mapName = b.mapName;
    this.maxEntries = b.maxEntries;
    this.syncInterval = b.syncInterval;
    this.checkpointBytes = b.checkpointBytes;
    this.checkpointInterval = b.checkpointInterval;
    this.ticker = b.ticker;
    this.mmap = b.mmap;
    this.tierName = b.tierName;
  }

  /** A builder for a store in {@code file} (created with its parent directories if absent). */
  public static Builder custom(Path file) {
    return new Builder(file);
  }

  /** The defaults for a store in {@code file}. */
  public static MapDbConfig ofDefaults(Path file) {
    return custom(file).build();
  }

  /**
   * The store file. Beside it sit MapDB's write-ahead log files ({@code <file>.wal.N}), the redo
   * journal ({@code <file>.journal}) and, while a checkpoint runs, its marker ({@code <file>.checkpoint}).
   */
  public Path file() {
    return file;
  }

  /** The map's name inside the file, so several caches can share one file. */
  public String mapName() {
    return mapName;
  }

  /** Entry bound (0 for none); beyond it, arbitrary entries (hash order) are evicted down to 90%. */
  public long maxEntries() {
    return maxEntries;
  }

  /**
   * Longest time a returned write may wait before the journal is forced to the device (a power-loss
   * bound; a process crash loses nothing that returned); ZERO forces on every write.
   */
  public Duration syncInterval() {
    return syncInterval;
  }

  /** Journal size, in bytes, at which the MapDB file is committed and the journal emptied. */
  public long checkpointBytes() {
    return checkpointBytes;
  }

  /** Longest time a write waits in the journal before a checkpoint commits it into the MapDB file. */
  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /**
   * The time source of the store. Entry expiry reads its {@link Ticker#wallMillis() wall time}: a record
   * keeps its absolute expiry time (epoch milliseconds) in the file, which must still mean the same moment
   * after a restart, when a monotonic reading would have a new origin. The checkpoint interval reads its
   * {@link Ticker#read() nanoseconds}. Default {@link Ticker#system()}; in a cache made by the cache
   * module, the optimizer's ticker.
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Whether the file is memory-mapped (default true where the JVM supports it): reads then cost no
   * system call, while a FileChannel store pays one per page of every lookup. Turn it off where mapped
   * files are a problem (a 32-bit JVM, a file another process may truncate).
   */
  public boolean mmap() {
    return mmap;
  }

  /** The tier's name in logs and errors. */
  public String tierName() {
    return tierName;
  }

  /** Builds a {@link MapDbConfig}. Not thread-safe. */
  public static final class Builder {
    private final Path file;
    private String mapName = "cache";
    private long maxEntries = 1_000_000;
    private Duration syncInterval = Duration.ofMillis(100);
    private long checkpointBytes = 16L << 20;
    private Duration checkpointInterval = Duration.ofSeconds(1);
    private Ticker ticker = Ticker.system();
    private boolean mmap = true;
    private String tierName = "L3";

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /**
     * The map's name inside the file (default {@code cache}).
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder mapName(String name) {
      requireNonBlank(name, "mapName");
      this.mapName = name;
      return this;
    }

    /**
     * Entry bound (default 1,000,000); 0 for none.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxEntries(long max) {
      this.maxEntries = requireAtLeast(max, 0, "maxEntries");
      return this;
    }

    /**
     * Longest wait before a write is forced to the device (default 100 ms); ZERO forces every write.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder syncInterval(Duration interval) {
      this.syncInterval = requireNonNegative(interval, "syncInterval");
      return this;
    }

    /**
     * Journal size in bytes that triggers a checkpoint (default 16 MiB). Larger: fewer MapDB commits
     * and a rarer torn-checkpoint window, but a longer replay at open after a crash.
     *
     * @throws IllegalArgumentException if below 1 KiB
     */
    public Builder checkpointBytes(long bytes) {
      this.checkpointBytes = requireAtLeast(bytes, 1024, "checkpointBytes");
      return this;
    }

    /**
     * Longest time a write waits in the journal before a checkpoint (default 1 s). Shorter: reads see
     * committed entries sooner; longer: fewer MapDB commits, each a short torn-file window on a crash.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder checkpointInterval(Duration interval) {
      this.checkpointInterval = requirePositive(interval, "checkpointInterval");
      return this;
    }

    /**
     * The time source of expiry (its wall time, which the file stores) and of the checkpoint interval (its
     * nanoseconds); default {@link Ticker#system()}. Tests pass a fake ticker and move it.
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Memory-map the file (default true); false reads through a FileChannel. */
    public Builder mmap(boolean mmap) {
      this.mmap = mmap;
      return this;
    }

    /**
     * The tier's name (default {@code L3}).
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder tierName(String name) {
      requireNonBlank(name, "tierName");
      this.tierName = name;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if the file is a directory
     */
    public MapDbConfig build() {
      if (java.nio.file.Files.isDirectory(file)) {
        throw new IllegalStateException("MapDB file " + file + " is a directory");
      }
      return new MapDbConfig(this);
    }
  }
}
