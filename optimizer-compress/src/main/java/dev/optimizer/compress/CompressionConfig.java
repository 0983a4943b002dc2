package dev.optimizer.compress;

import static dev.optimizer.core.support.Checks.requireAtLeast;
import static dev.optimizer.core.support.Checks.requireInRange;
import static dev.optimizer.core.support.Checks.requirePositive;

import dev.optimizer.compress.internal.CompressSettings;
import dev.optimizer.core.Ticker;
import dev.optimizer.core.spi.Settings;
import java.time.Duration;
import java.util.HashSet;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link CompressionEngine}. Build with {@link #custom()}; {@link #ofDefaults()}
 * gives automatic selection for {@link Goal#BALANCED} at {@link Level#BALANCED}, a 256 MiB decompression
 * limit, and parallel 1 MiB blocks for inputs of 1 MiB and more. Thread-safe.
 */
public final class CompressionConfig {
  /** Default maximum decompressed size: 256 MiB. */
  public static final long DEFAULT_MAX_DECOMPRESSED_SIZE = 256L << 20;
  /** The largest array the JVM reliably allocates, hence the largest frame or result. */
  public static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

  private static final CompressionConfig DEFAULTS = custom().build();

  private final @Nullable Algorithm algorithm;
  private final Level level;
  private final Goal goal;
  private final long maxDecompressedSize;
  private final int parallelThreshold;
  private final int blockSize;
  private final int workers;
  private final double minCompressRatio;
  private final Set<Algorithm> candidates;
  private final int sampleSize;
  private final Duration recheckInterval;
  private final int maxCachedChoices;
  private final Ticker ticker;
  private final boolean verifyOriginalChecksum;
  private final boolean backgroundSelection;
  /** Settings set by builder calls, which bound system properties and environment variables never replace. */
  private final Set<String> explicit;

  private CompressionConfig(Builder b) {
    this.explicit = Set.copyOf(b.explicit);
    this.algorithm = b.algorithm;
    this.level = b.level;
    this.goal = b.goal;
    this.maxDecompressedSize = b.maxDecompressedSize;
    this.parallelThreshold = b.parallelThreshold;
    this.blockSize = b.blockSize;
    this.workers = b.workers;
    this.minCompressRatio = b.minCompressRatio;
    this.candidates = Set.copyOf(b.candidates);
    this.sampleSize = b.sampleSize;
    this.recheckInterval = b.recheckInterval;
    this.maxCachedChoices = b.maxCachedChoices;
    this.ticker = b.ticker;
    this.verifyOriginalChecksum = b.verifyOriginalChecksum;
    this.backgroundSelection = b.backgroundSelection;
  }

  /** The defaults described on the class. */
  public static CompressionConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * A builder starting from this configuration's settings; a setting its builder set explicitly stays
   * explicit (bound properties and environment variables do not replace it).
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.explicit.addAll(explicit);
    b.algorithm = algorithm;
    b.level = level;
    b.goal = goal;
    b.maxDecompressedSize = maxDecompressedSize;
    b.parallelThreshold = parallelThreshold;
    b.blockSize = blockSize;
    b.workers = workers;
    b.minCompressRatio = minCompressRatio;
    b.candidates = EnumSet.copyOf(candidates);
    b.sampleSize = sampleSize;
    b.recheckInterval = recheckInterval;
    b.maxCachedChoices = maxCachedChoices;
    b.ticker = ticker;
    b.verifyOriginalChecksum = verifyOriginalChecksum;
    b.backgroundSelection = backgroundSelection;
    return b;
  }

  /**
   * The algorithm {@link CompressionEngine#compress(byte[])} uses; empty (the default) for automatic
   * selection by {@link #goal()}.
   */
  public Optional<Algorithm> algorithm() {
    return Optional.ofNullable(algorithm);
  }

  /** The level used when the caller names none; default {@link Level#BALANCED}. */
  public Level level() {
    return level;
  }

  /** What automatic selection optimizes for; default {@link Goal#BALANCED}. */
  public Goal goal() {
    return goal;
  }

  /** The largest decompressed result accepted, in bytes; default 256 MiB. */
  public long maxDecompressedSize() {
    return maxDecompressedSize;
  }

  /** Inputs of at least this many bytes are split into blocks compressed in parallel; default 1 MiB. */
  public int parallelThreshold() {
    return parallelThreshold;
  }

  /** The size of each independent block (and of each stream chunk), in bytes; default 1 MiB. */
  public int blockSize() {
    return blockSize;
  }

  /** Worker threads for parallel blocks (the calling thread works too); default the CPU count. */
  public int workers() {
    return workers;
  }

  /**
   * Under automatic selection, output must be at least this many times smaller than the input or the data
   * is stored with {@link Algorithm#NONE} (Cassandra's {@code min_compress_ratio}); default 1.1.
   */
  public double minCompressRatio() {
    return minCompressRatio;
  }

  /** The algorithms automatic selection measures; default every algorithm but NONE. */
  public Set<Algorithm> candidates() {
    return candidates;
  }

  /** How many leading bytes of the input automatic selection measures; default 64 KiB. */
  public int sampleSize() {
    return sampleSize;
  }

  /** How long a cached automatic choice is trusted before it is measured again; default 10 minutes. */
  public Duration recheckInterval() {
    return recheckInterval;
  }

  /** How many content keys keep a cached choice; the least recently used is dropped; default 1024. */
  public int maxCachedChoices() {
    return maxCachedChoices;
  }

  /**
   * Whether automatic selection measures off the caller's thread (default true). Then the first
   * {@code compress(data, contentKey)} of a key is not delayed by the measurement (tens to hundreds of
   * milliseconds, most of it loading native codecs): it compresses with a provisional algorithm (LZ4 for
   * {@link Goal#SPEED}, else ZSTD, when they are candidates and available) while one background thread
   * measures; later calls use the measured choice. A stale choice keeps serving while it is re-measured.
   * False measures on the caller's thread, so the first call already uses the measured choice.
   */
  public boolean backgroundSelection() {
    return backgroundSelection;
  }

  /**
   * The time source of automatic selection: a measured choice is reused until {@link #recheckInterval()}
   * of its {@link Ticker#read()} nanoseconds has passed. Default {@link Ticker#system()}; in an optimizer,
   * the optimizer's ticker unless this builder was given one.
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Whether decompression recomputes the CRC32C of the decompressed bytes and compares it with the frame's;
   * default true. The checksum of the stored bytes is always verified, so corruption and truncation are
   * caught either way; this one guards against a codec decoding wrongly (or a forged frame decoding to
   * other bytes), at about 10% of LZ4's decompression time (Cassandra's {@code crc_check_chance} makes
   * the same trade).
   */
  public boolean verifyOriginalChecksum() {
    return verifyOriginalChecksum;
  }

  @Override
  public String toString() {
    return "CompressionConfig{algorithm=" + (algorithm == null ? "auto" : algorithm) + ", level=" + level
        + ", goal=" + goal + ", maxDecompressedSize=" + maxDecompressedSize + ", parallelThreshold="
        + parallelThreshold + ", blockSize=" + blockSize + ", workers=" + workers + ", minCompressRatio="
        + minCompressRatio + ", candidates=" + candidates + ", sampleSize=" + sampleSize
        + ", recheckInterval=" + recheckInterval + ", maxCachedChoices=" + maxCachedChoices
        + ", verifyOriginalChecksum=" + verifyOriginalChecksum + ", backgroundSelection="
        + backgroundSelection + "}";
  }

  /** Builds a {@link CompressionConfig}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Algorithm algorithm;
    private Level level = Level.BALANCED;
    private Goal goal = Goal.BALANCED;
    private long maxDecompressedSize = DEFAULT_MAX_DECOMPRESSED_SIZE;
    private int parallelThreshold = 1 << 20;
    private int blockSize = 1 << 20;
    private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    private double minCompressRatio = 1.1;
    private Set<Algorithm> candidates = EnumSet.complementOf(EnumSet.of(Algorithm.NONE));
    private int sampleSize = 64 << 10;
    private Duration recheckInterval = Duration.ofMinutes(10);
    private int maxCachedChoices = 1024;
    private Ticker ticker = Ticker.system();
    private boolean verifyOriginalChecksum = true;
    private boolean backgroundSelection = true;
    private final Set<String> explicit = new HashSet<>();
    private Settings settings = Settings.empty();

    private Builder() {}

    /** Whether automatic selection measures in the background; see {@link CompressionConfig#backgroundSelection()}. */
    public Builder backgroundSelection(boolean background) {
      this.backgroundSelection = background;
      return this;
    }

    /** Whether to verify the checksum of the decompressed bytes; see {@link CompressionConfig#verifyOriginalChecksum()}. */
    public Builder verifyOriginalChecksum(boolean verify) {
      this.verifyOriginalChecksum = verify;
      return this;
    }

    /** A fixed algorithm for {@link CompressionEngine#compress(byte[])}; null for automatic selection. */
    public Builder algorithm(@Nullable Algorithm algorithm) {
      this.algorithm = algorithm;
      explicit.add("algorithm");
      return this;
    }

    /** The default level. */
    public Builder level(Level level) {
      this.level = Objects.requireNonNull(level, "level");
      explicit.add("level");
      return this;
    }

    /** The goal of automatic selection. */
    public Builder goal(Goal goal) {
      this.goal = Objects.requireNonNull(goal, "goal");
      return this;
    }

    /**
     * The largest decompressed result, bytes.
     *
     * @throws IllegalArgumentException unless 1 to {@link #MAX_ARRAY_SIZE}
     */
    public Builder maxDecompressedSize(long bytes) {
      this.maxDecompressedSize = requireInRange(bytes, 1, MAX_ARRAY_SIZE, "maxDecompressedSize");
      return this;
    }

    /**
     * The input size from which blocks are compressed in parallel, bytes.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder parallelThreshold(int bytes) {
      this.parallelThreshold = requireAtLeast(bytes, 1, "parallelThreshold");
      return this;
    }

    /**
     * The block and stream chunk size, bytes.
     *
     * @throws IllegalArgumentException unless 4 KiB to 64 MiB
     */
    public Builder blockSize(int bytes) {
      this.blockSize = requireInRange(bytes, 4096, (64 << 20), "blockSize");
      return this;
    }

    /**
     * Worker threads for parallel blocks; 1 compresses every block on the calling thread.
     *
     * @throws IllegalArgumentException unless 1 to 256
     */
    public Builder workers(int workers) {
      this.workers = requireInRange(workers, 1, 256, "workers");
      return this;
    }

    /**
     * The least ratio (input / output) worth keeping under automatic selection.
     *
     * @throws IllegalArgumentException unless 1.0 to 100 (1.0 keeps anything not larger than the input)
     */
    public Builder minCompressRatio(double ratio) {
      this.minCompressRatio = requireInRange(ratio, 1.0, 100, "minCompressRatio");
      return this;
    }

    /**
     * The algorithms automatic selection measures.
     *
     * @throws IllegalArgumentException if empty, or containing only NONE
     */
    public Builder candidates(Set<Algorithm> candidates) {
      Objects.requireNonNull(candidates, "candidates");
      EnumSet<Algorithm> copy = candidates.isEmpty() ? EnumSet.noneOf(Algorithm.class) : EnumSet.copyOf(candidates);
      copy.remove(Algorithm.NONE);
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("candidates must name at least one algorithm other than NONE");
      }
      this.candidates = copy;
      return this;
    }

    /**
     * Bytes of input measured by automatic selection.
     *
     * @throws IllegalArgumentException unless 1 KiB to 16 MiB
     */
    public Builder sampleSize(int bytes) {
      this.sampleSize = requireInRange(bytes, 1024, (16 << 20), "sampleSize");
      return this;
    }

    /**
     * How long a cached choice lives before it is measured again.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder recheckInterval(Duration interval) {
      this.recheckInterval = requirePositive(interval, "recheckInterval");
      return this;
    }

    /**
     * How many content keys keep a cached choice.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxCachedChoices(int count) {
      this.maxCachedChoices = requireAtLeast(count, 1, "maxCachedChoices");
      return this;
    }

    /**
     * The time source of choice expiry (default {@link Ticker#system()}; tests pass a fake one and move it).
     * Given here, it wins over the optimizer's ticker when the engine is started by a {@link
     * CompressionModule}.
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      explicit.add("ticker");
      return this;
    }

    /** The optimizer's ticker, used only when {@link #ticker(Ticker)} was not called (module start). */
    Builder defaultTicker(Ticker ticker) {
      if (!explicit.contains("ticker")) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
      }
      return this;
    }

    /**
     * Bound system properties and environment variables read at {@link #build()}: {@code compress.level}
     * and {@code compress.algorithm} ({@code OPTIMIZER_COMPRESS_*}), each only where no builder call set the
     * value. Default {@link Settings#empty()}; the compression module passes the optimizer's.
     */
    public Builder settings(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if the block size exceeds the parallel threshold (a "large" input
     *     would then be one block), or the block size exceeds the decompression limit
     */
    public CompressionConfig build() {
      if (!explicit.contains("level")) {
        settings.get(CompressSettings.LEVEL).ifPresent(v -> level = v);
      }
      if (!explicit.contains("algorithm")) {
        settings.get(CompressSettings.ALGORITHM).ifPresent(v -> algorithm = v.orElse(null));
      }
      if (blockSize > parallelThreshold) {
        throw new IllegalStateException("blockSize " + blockSize + " must not exceed parallelThreshold "
            + parallelThreshold);
      }
      if (blockSize > maxDecompressedSize) {
        throw new IllegalStateException("blockSize " + blockSize + " must not exceed maxDecompressedSize "
            + maxDecompressedSize);
      }
      return new CompressionConfig(this);
    }
  }
}
