package dev.optimizer.cache;

import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.CacheWriteTiming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How the {@link CacheModule} creates the named caches that annotations (or {@link CacheModule#cache})
 * ask for and that were not registered beforehand. Immutable; start from {@link #ofDefaults()} or
 * {@link #custom()}.
 *
 * <p>Defaults: {@link CacheConfig#ofDefaults(String)} settings, L1 only, JDK value types allowed in
 * Java serialization (plus each annotated method's return type).
 */
public final class CacheModuleConfig {
  private final CacheConfig template;
  private final @Nullable Path l3Directory;
  private final @Nullable Function<String, ByteTier> l2Factory;
  private final List<String> allowList;
  private final CacheWriteTiming writeTiming;

  private CacheModuleConfig(Builder b) {
    this.writeTiming = b.writeTiming;
    this.template = b.template;
    this.l3Directory = b.l3Directory;
    this.l2Factory = b.l2Factory;
    this.allowList = List.copyOf(b.allowList);
  }

  /** L1-only caches with default settings. */
  public static CacheModuleConfig ofDefaults() {
    return custom().build();
  }

  /** A builder from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** The settings of every created cache (renamed per cache). */
  public CacheConfig template() {
    return template;
  }

  /** Where created caches keep their L3 file ({@code <name>.db}), or null for no L3. */
  public @Nullable Path l3Directory() {
    return l3Directory;
  }

  /** Creates each cache's L2 tier from its name (e.g. a {@code RedisTier}), or null for no L2. */
  public @Nullable Function<String, ByteTier> l2Factory() {
    return l2Factory;
  }

  /** Java serialization allow-list patterns of created caches (besides JDK value types). */
  public List<String> allowList() {
    return allowList;
  }

  /** When {@code @CachePut} and {@code @CacheInvalidate} writes take effect; default immediately. */
  public CacheWriteTiming writeTiming() {
    return writeTiming;
  }

  /** Builds a {@link CacheModuleConfig}. Not thread-safe. */
  public static final class Builder {
    private CacheConfig template = CacheConfig.ofDefaults("default");
    private @Nullable Path l3Directory;
    private @Nullable Function<String, ByteTier> l2Factory;
    private final List<String> allowList = new ArrayList<>();
    private CacheWriteTiming writeTiming = CacheWriteTiming.immediate();

    private Builder() {}

    /**
     * When the writes of {@code @CachePut} and {@code @CacheInvalidate} (and the invalidations they publish
     * to other nodes) take effect; default {@link CacheWriteTiming#immediate()}. The Spring Boot starter sets
     * one that waits for the caller's transaction to commit.
     */
    public Builder writeTiming(CacheWriteTiming timing) {
      this.writeTiming = Objects.requireNonNull(timing, "timing");
      return this;
    }

    /** Settings every created cache copies (its name is replaced by the cache's). */
    public Builder template(CacheConfig template) {
      this.template = Objects.requireNonNull(template, "template");
      return this;
    }

    /**
     * Gives created caches a MapDB L3 in {@code directory}/{@code <name>.db}. Without this call, the
     * {@code optimizer.cache.l3-directory} property or {@code OPTIMIZER_CACHE_L3_DIRECTORY} variable, if set,
     * gives the directory when the optimizer starts the module.
     *
     * @throws IllegalArgumentException if it exists and is not a directory
     */
    public Builder l3Directory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      if (java.nio.file.Files.exists(directory) && !java.nio.file.Files.isDirectory(directory)) {
        throw new IllegalArgumentException("l3Directory " + directory + " is not a directory");
      }
      this.l3Directory = directory;
      return this;
    }

    /** Gives created caches an L2 made from the cache's name, e.g. {@code name -> RedisTier...}. */
    public Builder l2(Function<String, ByteTier> factory) {
      this.l2Factory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Adds Java serialization allow-list patterns: class names, {@code package.*}, {@code package.**}.
     *
     * @throws IllegalArgumentException if a pattern is blank or contains filter syntax
     */
    public Builder allow(String... patterns) {
      for (String p : patterns) {
        if (p == null || p.isBlank() || p.startsWith("!") || p.contains(";") || p.contains("=")) {
          throw new IllegalArgumentException("allow-list pattern must be a class name, package.* or "
              + "package.**, was '" + p + "'");
        }
        allowList.add(p);
      }
      return this;
    }

    /** The configuration. */
    public CacheModuleConfig build() {
      return new CacheModuleConfig(this);
    }
  }
}
