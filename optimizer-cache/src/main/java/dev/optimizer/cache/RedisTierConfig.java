package dev.optimizer.cache;

import static dev.optimizer.core.support.Checks.requireInRange;
import static dev.optimizer.core.support.Checks.requireNonBlank;

import dev.optimizer.redis.RedisConfig;
import java.net.URI;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of one cache's {@link RedisTier}: its key space on the shared Redis connection and
 * whether it joins cross-node invalidation. Where Redis is, the pool, the timeouts and the circuit
 * breaker belong to the connection ({@link RedisConfig}), shared by every cache of the application.
 *
 * <pre>{@code
 * RedisTierConfig users = RedisTierConfig.custom()
 *     .connection(RedisConfig.of("redis://app:secret@redis.internal:6379/2"))
 *     .cacheName("users")
 *     .build();
 * }</pre>
 *
 * <p>Keys are {@code <namespace><cacheName>:<key>}, {@code app:cache:users:42} by default.
 *
 * <p>Build with {@link #custom()}: each setter checks its own argument and throws {@link
 * IllegalArgumentException}; {@link Builder#build()} throws {@link IllegalStateException} when the cache
 * name is missing. Instances are immutable and thread-safe.
 */
public final class RedisTierConfig {
  /** Default key namespace prefix; the cache name and a colon follow it. */
  public static final String DEFAULT_NAMESPACE = "app:cache:";

  private final RedisConfig connection;
  private final String namespace;
  private final String cacheName;
  private final boolean invalidationEnabled;
  private final String nodeId;
  private final int scanCount;
  private final int bulkChunkSize;

  private RedisTierConfig(Builder b) {
    this.connection = b.connection;
    this.namespace = b.namespace;
    this.cacheName = Objects.requireNonNull(b.cacheName);
    this.invalidationEnabled = b.invalidationEnabled;
    this.nodeId = b.nodeId == null ? UUID.randomUUID().toString() : b.nodeId;
    this.scanCount = b.scanCount;
    this.bulkChunkSize = b.bulkChunkSize;
  }

  /**
   * Settings for the cache named {@code cacheName} on the Redis at {@code REDIS_URL} (environment) or
   * {@code redis://127.0.0.1:6379}, every other setting at its default.
   *
   * @throws IllegalArgumentException if {@code REDIS_URL} is malformed or the name is blank
   */
  public static RedisTierConfig ofDefaults(String cacheName) {
    return custom().connection(RedisConfig.ofDefaults()).cacheName(cacheName).build();
  }

  /** A builder with the defaults: the connection {@link RedisConfig#ofDefaults()}, namespace {@code app:cache:}. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder holding this configuration's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.connection = connection;
    b.namespace = namespace;
    b.cacheName = cacheName;
    b.invalidationEnabled = invalidationEnabled;
    b.nodeId = nodeId;
    b.scanCount = scanCount;
    b.bulkChunkSize = bulkChunkSize;
    return b;
  }

  /** The settings of the shared connection this tier uses when it is created without one. */
  public RedisConfig connection() {
    return connection;
  }

  /** The namespace prefix, {@code app:cache:} by default. */
  public String namespace() {
    return namespace;
  }

  /** The cache name; with the namespace it forms the key prefix. */
  public String cacheName() {
    return cacheName;
  }

  /** Every Redis key of this cache starts with this: namespace + cache name + {@code :}. */
  public String keyPrefix() {
    return namespace + cacheName + ":";
  }

  /** The pub/sub channel carrying this cache's invalidations between nodes. */
  public String invalidationChannel() {
    return namespace + cacheName + ":__invalidations";
  }

  /** Whether the tier offers a cross-node {@link dev.optimizer.cache.spi.InvalidationBus}. */
  public boolean invalidationEnabled() {
    return invalidationEnabled;
  }

  /** This node's id, carried in published invalidations so the node ignores its own. */
  public String nodeId() {
    return nodeId;
  }

  /** COUNT hint of each SCAN page during pattern and full invalidation. */
  public int scanCount() {
    return scanCount;
  }

  /** Keys per MGET / pipeline chunk in bulk calls (all chunks still go in one round trip). */
  public int bulkChunkSize() {
    return bulkChunkSize;
  }

  @Override
  public String toString() {
    return "RedisTierConfig{keyPrefix=" + keyPrefix() + ", invalidation=" + invalidationEnabled + ", node="
        + nodeId + ", connection=" + connection + "}";
  }

  /** Mutable, single-threaded builder of {@link RedisTierConfig}. */
  public static final class Builder {
    private RedisConfig connection = RedisConfig.ofDefaults();
    private String namespace = DEFAULT_NAMESPACE;
    private @Nullable String cacheName;
    private boolean invalidationEnabled = true;
    private @Nullable String nodeId;
    private int scanCount = 500;
    private int bulkChunkSize = 500;

    private Builder() {}

    /** The connection settings (default {@link RedisConfig#ofDefaults()}). */
    public Builder connection(RedisConfig connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
      return this;
    }

    /**
     * Shorthand for {@code connection(RedisConfig.of(uri))}.
     *
     * @throws IllegalArgumentException if the URL is malformed or of an unknown scheme
     */
    public Builder uri(String uri) {
      return connection(RedisConfig.of(Objects.requireNonNull(uri, "uri")));
    }

    /** Same as {@link #uri(String)}. */
    public Builder uri(URI uri) {
      return uri(Objects.requireNonNull(uri, "uri").toString());
    }

    /**
     * The key namespace, e.g. {@code app:cache:} (it should end with a separator); the cache name and
     * {@code :} follow it. Give each application its own so they never collide.
     */
    public Builder namespace(String namespace) {
      this.namespace = requireNonBlank(namespace, "namespace");
      return this;
    }

    /** The cache name, required; non-blank, without whitespace. */
    public Builder cacheName(String cacheName) {
      String name = requireNonBlank(cacheName, "cacheName");
      if (name.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("cacheName must not contain whitespace, got '" + name + "'");
      }
      this.cacheName = name;
      return this;
    }

    /** Whether to offer the pub/sub invalidation bus (default true). */
    public Builder invalidationEnabled(boolean enabled) {
      this.invalidationEnabled = enabled;
      return this;
    }

    /** This node's id (default: a random UUID). */
    public Builder nodeId(String nodeId) {
      this.nodeId = requireNonBlank(nodeId, "nodeId");
      return this;
    }

    /** SCAN COUNT hint, 10..100000 (default 500). */
    public Builder scanCount(int scanCount) {
      this.scanCount = requireInRange(scanCount, 10, 100_000, "scanCount");
      return this;
    }

    /** Keys per MGET / pipeline chunk, 1..100000 (default 500). */
    public Builder bulkChunkSize(int bulkChunkSize) {
      this.bulkChunkSize = requireInRange(bulkChunkSize, 1, 100_000, "bulkChunkSize");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if no cache name was set
     */
    public RedisTierConfig build() {
      if (cacheName == null) {
        throw new IllegalStateException("cacheName is required (it namespaces the keys)");
      }
      return new RedisTierConfig(this);
    }
  }
}
