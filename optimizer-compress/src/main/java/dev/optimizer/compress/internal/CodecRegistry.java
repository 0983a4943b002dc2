package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.CodecUnavailableException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The codec of each algorithm, created on first use. A codec whose creation fails (a native library
 * missing for this platform) is remembered as unavailable with its cause, logged once, and reported as a
 * {@link CodecUnavailableException} naming the algorithm and platform; the others are unaffected.
 * Thread-safe.
 */
public final class CodecRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(CodecRegistry.class);
  private static final CodecRegistry SHARED = new CodecRegistry(defaultLoaders());

  private final Map<Algorithm, Supplier<Codec>> loaders;
  /** Codec or load failure per algorithm ordinal; read without locking on every call. */
  private final AtomicReferenceArray<Object> loaded = new AtomicReferenceArray<>(Algorithm.values().length);

  /** A registry using the given loaders; an algorithm without a loader is unavailable. */
  public CodecRegistry(Map<Algorithm, Supplier<Codec>> loaders) {
    this.loaders = new EnumMap<>(Algorithm.class);
    this.loaders.putAll(loaders);
  }

  /** The process-wide registry of the real codecs (native libraries load once per process anyway). */
  public static CodecRegistry shared() {
    return SHARED;
  }

  /** The loaders of the real codecs, for tests that replace one of them. */
  public static Map<Algorithm, Supplier<Codec>> defaultLoaders() {
    Map<Algorithm, Supplier<Codec>> m = new EnumMap<>(Algorithm.class);
    m.put(Algorithm.NONE, StoredCodec::new);
    m.put(Algorithm.GZIP, GzipCodec::new);
    m.put(Algorithm.DEFLATE, DeflateCodec::new);
    m.put(Algorithm.BZIP2, Bzip2Codec::new);
    m.put(Algorithm.XZ, XzCodec::new);
    m.put(Algorithm.LZ4, Lz4Codec::new);
    m.put(Algorithm.SNAPPY, SnappyCodec::new);
    m.put(Algorithm.BROTLI, BrotliCodec::new);
    m.put(Algorithm.ZSTD, ZstdCodec::new);
    return m;
  }

  /** The platform in the words used by error messages, e.g. {@code linux/amd64}. */
  public static String platform() {
    return System.getProperty("os.name", "?").toLowerCase(java.util.Locale.ROOT) + "/"
        + System.getProperty("os.arch", "?");
  }

  /**
   * The codec for {@code algorithm}.
   *
   * @throws CodecUnavailableException if it cannot run here
   */
  public Codec codec(Algorithm algorithm) {
    Object entry = entry(algorithm);
    if (entry instanceof Codec codec) {
      return codec;
    }
    throw new CodecUnavailableException(algorithm, platform(), (Throwable) entry);
  }

  /** Whether {@code algorithm} can run here (loads its codec if not yet loaded). */
  public boolean isAvailable(Algorithm algorithm) {
    return entry(algorithm) instanceof Codec;
  }

  /** The algorithms that can run here. */
  public Set<Algorithm> available() {
    EnumSet<Algorithm> out = EnumSet.noneOf(Algorithm.class);
    for (Algorithm a : Algorithm.values()) {
      if (isAvailable(a)) {
        out.add(a);
      }
    }
    return out;
  }

  private Object entry(Algorithm algorithm) {
    Object entry = loaded.get(algorithm.ordinal());
    return entry != null ? entry : loadOnce(algorithm);
  }

  private synchronized Object loadOnce(Algorithm algorithm) {
    Object entry = loaded.get(algorithm.ordinal());
    if (entry == null) {
      entry = load(algorithm);
      loaded.set(algorithm.ordinal(), entry);
    }
    return entry;
  }

  private Object load(Algorithm algorithm) {
    @Nullable Supplier<Codec> loader = loaders.get(algorithm);
    if (loader == null) {
      return new IllegalStateException("no codec registered");
    }
    try {
      return Objects.requireNonNull(loader.get(), "codec loader returned null");
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: UnsatisfiedLinkError / NoClassDefFoundError when the native library is missing.
      LOG.warn("{} codec unavailable on {}; other algorithms keep working", algorithm, platform(), e);
      return e;
    }
  }
}
