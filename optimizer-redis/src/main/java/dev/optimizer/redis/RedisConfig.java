package dev.optimizer.redis;

import static dev.optimizer.core.support.Checks.requireAtLeast;
import static dev.optimizer.core.support.Checks.requireInRange;
import static dev.optimizer.core.support.Checks.requireNonBlank;

import dev.optimizer.core.spi.Settings;
import dev.optimizer.redis.internal.RedisSettings;
import dev.optimizer.redis.internal.RedisUri;
import dev.optimizer.core.Ticker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link RedisConnection}: where Redis is (standalone, Sentinel or Cluster), how
 * to authenticate and encrypt, how many connections to pool, how long a caller may wait on Redis, and when
 * to stop calling a Redis that is down. One connection (and so one of these) per server, shared by every
 * cache, job store and rate limiter of the application.
 *
 * <p>Build with {@link #custom()} (each setter checks its own argument and throws {@link
 * IllegalArgumentException}; {@link Builder#build()} rejects conflicting settings with {@link
 * IllegalStateException}) or start from a URL with {@link Builder#uri(String)}:
 *
 * <pre>{@code
 * RedisConfig config = RedisConfig.custom()
 *     .uri("redis://app:secret@redis.internal:6379/2")
 *     .poolSize(32)
 *     .build();
 * }</pre>
 *
 * <p>URL forms: {@code redis://[user:password@]host[:port][/database]} (standalone), {@code rediss://}
 * (the same over TLS), {@code redis-sentinel://[user:password@]host:port[,host:port...]/masterName[/database]}
 * and {@code redis-cluster://[user:password@]host:port[,host:port...]} (both also with an {@code s} for
 * TLS: {@code rediss-sentinel://}, {@code rediss-cluster://}). User and password are URL-decoded.
 *
 * <p><b>Time.</b> One round trip waits at most {@link #roundTripBound()}: the pool borrow wait, plus the
 * connect timeout (when a new connection is opened), plus twice the socket timeout (a new connection's
 * handshake read, or a broken connection's teardown, can cost one more read: measured, a GET on a frozen
 * server fails after one socket timeout, the first one after two). A caller's whole operation
 * (e.g. one cache {@code get}: a read, then after the loader a write) spends at most {@link #callBudget()}
 * on Redis altogether: a round trip starts only while the budget left still covers {@link
 * #roundTripBound()}; otherwise it is skipped, counted, and the caller goes on without Redis.
 *
 * <p><b>Busy is not down.</b> A caller that cannot borrow a connection within {@link #borrowTimeout()}
 * (every pooled connection is in use) is counted as {@code busy}; that never opens the circuit breaker.
 * Only failures to reach Redis do.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} never shows passwords.
 */
public final class RedisConfig {
  /** How the connection reaches Redis. */
  public enum Mode {
    /** One Redis server (with a connection pool). */
    STANDALONE,
    /** A master found through Redis Sentinel, followed across failovers. */
    SENTINEL,
    /** A Redis Cluster; keys are routed by hash slot, bulk calls grouped by slot. */
    CLUSTER
  }

  private final Mode mode;
  private final List<String> endpoints;
  private final @Nullable String masterName;
  private final int database;
  private final @Nullable String user;
  private final @Nullable String password;
  private final @Nullable String sentinelUser;
  private final @Nullable String sentinelPassword;
  private final @Nullable String clientName;
  private final boolean tls;
  private final @Nullable Path trustStore;
  private final @Nullable String trustStorePassword;
  private final String trustStoreType;
  private final @Nullable Path keyStore;
  private final @Nullable String keyStorePassword;
  private final String keyStoreType;
  private final boolean verifyHostname;
  private final int poolSize;
  private final Duration connectTimeout;
  private final Duration socketTimeout;
  private final Duration borrowTimeout;
  private final Duration callBudget;
  private final int failureThreshold;
  private final Duration probeInterval;
  private final Duration maxProbeInterval;
  private final Duration subscriptionHeartbeat;
  private final String heartbeatChannel;
  private final Ticker ticker;

  private RedisConfig(Builder b) {
    this.mode = b.mode;
    this.endpoints = List.copyOf(b.endpoints);
    this.masterName = b.masterName;
    this.database = b.database;
    this.user = b.user;
    this.password = b.password;
    this.sentinelUser = b.sentinelUser;
    this.sentinelPassword = b.sentinelPassword;
    this.clientName = b.clientName;
    this.tls = b.tls;
    this.trustStore = b.trustStore;
    this.trustStorePassword = b.trustStorePassword;
    this.trustStoreType = b.trustStoreType;
    this.keyStore = b.keyStore;
    this.keyStorePassword = b.keyStorePassword;
    this.keyStoreType = b.keyStoreType;
    this.verifyHostname = b.verifyHostname;
    this.poolSize = b.poolSize;
    this.connectTimeout = b.connectTimeout;
    this.socketTimeout = b.socketTimeout;
    this.borrowTimeout = b.borrowTimeout;
    this.callBudget = b.callBudget != null ? b.callBudget
        : b.borrowTimeout.plus(b.connectTimeout).plus(b.socketTimeout.multipliedBy(2)).multipliedBy(2);
    this.failureThreshold = b.failureThreshold;
    this.probeInterval = b.probeInterval;
    this.maxProbeInterval = b.maxProbeInterval;
    this.subscriptionHeartbeat = b.subscriptionHeartbeat;
    this.heartbeatChannel = b.heartbeatChannel;
    this.ticker = b.ticker;
  }

  /**
   * Settings bound from the process: the server from the system property {@code optimizer.redis.url}, else
   * the environment variable {@code OPTIMIZER_REDIS_URL}, else {@code REDIS_URL}, else
   * {@code redis://127.0.0.1:6379}; the pool size from {@code optimizer.redis.pool-size} /
   * {@code OPTIMIZER_REDIS_POOL_SIZE}; every other setting at its default.
   *
   * @throws dev.optimizer.core.InvalidSettingException if an {@code optimizer.redis.*} property is unknown, or
   *     a bound value is malformed (the message names the setting)
   * @throws IllegalArgumentException if {@code REDIS_URL} is malformed
   */
  public static RedisConfig ofDefaults() {
    return ofDefaults(System.getenv(), System.getProperties());
  }

  /** {@link #ofDefaults()} over the given environment and system properties, for tests. */
  static RedisConfig ofDefaults(Map<String, String> environment, Properties properties) {
    // Only this module's names are checked here: other modules' settings are the optimizer's to check, and
    // this is called for every RedisTierConfig builder.
    Properties ours = new Properties();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith("optimizer.redis.")) {
        ours.setProperty(name, properties.getProperty(name));
      }
    }
    Map<String, String> env = new java.util.TreeMap<>();
    environment.forEach((k, v) -> {
      if (k.startsWith("OPTIMIZER_REDIS_") && v != null) {
        env.put(k, v);
      }
    });
    Settings settings = Settings.bind(env, ours, new RedisSettings().settings());
    Builder b = custom();
    if (settings.get(RedisSettings.URL).isEmpty()) {
      // REDIS_URL stays a fallback: CI and hosting platforms set it.
      String url = environment.get("REDIS_URL");
      b.applyUri(url == null || url.isBlank() || url.startsWith("${") ? "redis://127.0.0.1:6379" : url, false);
    }
    return b.settings(settings).build();
  }

  /** Settings from a URL (see the class comment), every other setting at its default. */
  public static RedisConfig of(String uri) {
    return custom().uri(uri).build();
  }

  /**
   * A builder with the defaults: localhost:6379, pool 64, borrow timeout 500 ms, connect and socket timeouts
   * 250 ms (a round trip at most 1.25 s), call budget 2.5 s.
   */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder holding this configuration's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.mode = mode;
    b.endpoints = new ArrayList<>(endpoints);
    b.masterName = masterName;
    b.database = database;
    b.user = user;
    b.password = password;
    b.sentinelUser = sentinelUser;
    b.sentinelPassword = sentinelPassword;
    b.clientName = clientName;
    b.tls = tls;
    b.trustStore = trustStore;
    b.trustStorePassword = trustStorePassword;
    b.trustStoreType = trustStoreType;
    b.keyStore = keyStore;
    b.keyStorePassword = keyStorePassword;
    b.keyStoreType = keyStoreType;
    b.verifyHostname = verifyHostname;
    b.poolSize = poolSize;
    b.connectTimeout = connectTimeout;
    b.socketTimeout = socketTimeout;
    b.borrowTimeout = borrowTimeout;
    b.callBudget = callBudget;
    b.failureThreshold = failureThreshold;
    b.probeInterval = probeInterval;
    b.maxProbeInterval = maxProbeInterval;
    b.subscriptionHeartbeat = subscriptionHeartbeat;
    b.heartbeatChannel = heartbeatChannel;
    b.ticker = ticker;
    return b;
  }

  /** Standalone, Sentinel or Cluster. */
  public Mode mode() {
    return mode;
  }

  /**
   * {@code host:port} of the server (standalone), the sentinels (Sentinel) or the seed nodes (Cluster);
   * never empty.
   */
  public List<String> endpoints() {
    return endpoints;
  }

  /** The Sentinel master name, present only in {@link Mode#SENTINEL}. */
  public Optional<String> masterName() {
    return Optional.ofNullable(masterName);
  }

  /** The logical database (SELECT); always 0 in Cluster. */
  public int database() {
    return database;
  }

  /** The ACL user name, if any (password-only AUTH uses the {@code default} user). */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The password, if any. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** The ACL user for the sentinels themselves, if they require one. */
  public Optional<String> sentinelUser() {
    return Optional.ofNullable(sentinelUser);
  }

  /** The password for the sentinels themselves, if they require one. */
  public Optional<String> sentinelPassword() {
    return Optional.ofNullable(sentinelPassword);
  }

  /** The CLIENT SETNAME name shown in {@code CLIENT LIST}, if set. */
  public Optional<String> clientName() {
    return Optional.ofNullable(clientName);
  }

  /** Whether connections use TLS. */
  public boolean tls() {
    return tls;
  }

  /** Trust store holding the CA (or server) certificate; absent means the JVM's default trust. */
  public Optional<Path> trustStore() {
    return Optional.ofNullable(trustStore);
  }

  /** Trust store password, if any. */
  public Optional<String> trustStorePassword() {
    return Optional.ofNullable(trustStorePassword);
  }

  /** Trust store type, e.g. {@code PKCS12} or {@code JKS}. */
  public String trustStoreType() {
    return trustStoreType;
  }

  /** Key store holding the client certificate for mutual TLS, if any. */
  public Optional<Path> keyStore() {
    return Optional.ofNullable(keyStore);
  }

  /** Key store password, if any. */
  public Optional<String> keyStorePassword() {
    return Optional.ofNullable(keyStorePassword);
  }

  /** Key store type, e.g. {@code PKCS12} or {@code JKS}. */
  public String keyStoreType() {
    return keyStoreType;
  }

  /** Whether TLS checks that the server certificate names the host connected to (default true). */
  public boolean verifyHostname() {
    return verifyHostname;
  }

  /** Maximum pooled connections (per node in Cluster). */
  public int poolSize() {
    return poolSize;
  }

  /** TCP connect timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Read timeout of one reply. */
  public Duration socketTimeout() {
    return socketTimeout;
  }

  /** Longest wait for a free pooled connection when all are in use. */
  public Duration borrowTimeout() {
    return borrowTimeout;
  }

  /**
   * The longest one round trip may take: borrow timeout + connect timeout + 2 × socket timeout (1.25 s
   * with the defaults). While the circuit is open a call takes microseconds.
   */
  public Duration roundTripBound() {
    return borrowTimeout.plus(connectTimeout).plus(socketTimeout.multipliedBy(2));
  }

  /**
   * The most time one caller's operation spends on Redis across all its round trips (default: twice the
   * round trip bound, 2.5 s with the default timeouts, so that a round trip slowed by a busy pool leaves room
   * for the next); never below {@link #roundTripBound()}.
   */
  public Duration callBudget() {
    return callBudget;
  }

  /** Consecutive connection failures that open the circuit. */
  public int failureThreshold() {
    return failureThreshold;
  }

  /** Wait before the first probe after the circuit opens (and the subscriber's first reconnect). */
  public Duration probeInterval() {
    return probeInterval;
  }

  /**
   * Cap of the doubling probe wait: once Redis is back, the tier is used again within this time of the
   * next call (and the subscriber reconnects within it).
   */
  public Duration maxProbeInterval() {
    return maxProbeInterval;
  }

  /**
   * How often the invalidation subscriber PINGs over its connection; with no answer for two intervals the
   * connection is considered dead (e.g. a silent network partition), dropped and re-established, and L1
   * resynced. {@link Duration#ZERO}: no heartbeat (only a closed connection is noticed).
   */
  public Duration subscriptionHeartbeat() {
    return subscriptionHeartbeat;
  }

  /**
   * Prefix of the channel the heartbeat publishes on ({@code <prefix>:<random id>} per connection); an ACL
   * user needs pub/sub access to it (e.g. {@code &optimizer:heartbeat:*}).
   */
  public String heartbeatChannel() {
    return heartbeatChannel;
  }

  /** Time source of the circuit breaker (injectable for tests). */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Equal when every setting is equal (the ticker by identity): two equal configurations describe the
   * same connection, so {@link RedisConnection#shared} hands out one for both.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof RedisConfig other && identity().equals(other.identity());
  }

  @Override
  public int hashCode() {
    return identity().hashCode();
  }

  private List<Object> identity() {
    return java.util.Arrays.asList(mode, endpoints, masterName, database, user, password, sentinelUser,
        sentinelPassword, clientName, tls, trustStore, trustStorePassword, trustStoreType, keyStore,
        keyStorePassword, keyStoreType, verifyHostname, poolSize, connectTimeout, socketTimeout, borrowTimeout,
        callBudget, failureThreshold, probeInterval, maxProbeInterval, subscriptionHeartbeat, heartbeatChannel,
        ticker);
  }

  @Override
  public String toString() {
    return "RedisConfig{mode=" + mode + ", endpoints=" + endpoints
        + (masterName == null ? "" : ", master=" + masterName) + ", database=" + database
        + ", user=" + (user == null ? "-" : user) + ", password=" + (password == null ? "-" : "***")
        + ", tls=" + tls + ", pool=" + poolSize + ", connectTimeout=" + connectTimeout
        + ", socketTimeout=" + socketTimeout + ", borrowTimeout=" + borrowTimeout
        + ", callBudget=" + callBudget + ", failureThreshold=" + failureThreshold
        + ", probe=" + probeInterval + ".." + maxProbeInterval + "}";
  }

  /** Mutable, single-threaded builder of {@link RedisConfig}. */
  public static final class Builder {
    /** The bounds of every timeout setting: below 1 ms is no timeout, above 10 min is a hang. */
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private Mode mode = Mode.STANDALONE;
    private List<String> endpoints = new ArrayList<>(List.of("127.0.0.1:6379"));
    private @Nullable String masterName;
    private int database;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable String sentinelUser;
    private @Nullable String sentinelPassword;
    private @Nullable String clientName;
    private boolean tls;
    private @Nullable Path trustStore;
    private @Nullable String trustStorePassword;
    private String trustStoreType = "PKCS12";
    private @Nullable Path keyStore;
    private @Nullable String keyStorePassword;
    private String keyStoreType = "PKCS12";
    private boolean verifyHostname = true;
    private int poolSize = 64;
    private Duration connectTimeout = Duration.ofMillis(250);
    private Duration socketTimeout = Duration.ofMillis(250);
    private Duration borrowTimeout = Duration.ofMillis(500);
    private @Nullable Duration callBudget;
    private int failureThreshold = 5;
    private Duration probeInterval = Duration.ofMillis(200);
    private Duration maxProbeInterval = Duration.ofSeconds(5);
    private Duration subscriptionHeartbeat = Duration.ofSeconds(5);
    private String heartbeatChannel = "optimizer:heartbeat";
    private Ticker ticker = Ticker.system();
    /** Settings set by builder calls, which bound system properties and environment variables never replace. */
    private final Set<String> explicit = new HashSet<>();
    private Settings settings = Settings.empty();

    private Builder() {}

    /**
     * Bound system properties and environment variables read at {@link #build()}: {@code redis.url} and
     * {@code redis.pool-size} ({@code OPTIMIZER_REDIS_*}), each only where no builder call set the value (a
     * call of {@link #uri}, {@link #standalone}, {@link #sentinel} or {@link #cluster} sets the server; the
     * URL's database, user, password and TLS do not replace those set by their own calls). Default
     * {@link Settings#empty()}.
     */
    public Builder settings(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Takes mode, endpoints, master name, database, user, password and TLS from a URL (see the class
     * comment for the forms). Settings made later override it.
     *
     * @throws IllegalArgumentException if the URL is malformed or of an unknown scheme
     */
    public Builder uri(String uri) {
      Objects.requireNonNull(uri, "uri");
      applyUri(uri, false);
      explicit.add("url");
      return this;
    }

    /**
     * Takes the server from a URL. An explicit {@link #uri} call replaces everything the URL names, as
     * before; a bound URL ({@code bound}) leaves database, credentials and TLS set by their own calls.
     */
    private void applyUri(String uri, boolean bound) {
      RedisUri parsed = RedisUri.parse(uri);
      this.mode = parsed.mode();
      this.endpoints = new ArrayList<>(parsed.endpoints());
      this.masterName = parsed.masterName();
      if (!bound || !explicit.contains("database")) {
        this.database = parsed.database();
      }
      if (!bound || !explicit.contains("credentials")) {
        this.user = parsed.user();
        this.password = parsed.password();
      }
      if (!bound || !explicit.contains("tls")) {
        this.tls = parsed.tls();
      }
    }

    /** Same as {@link #uri(String)}. */
    public Builder uri(URI uri) {
      return uri(Objects.requireNonNull(uri, "uri").toString());
    }

    /** A standalone server at {@code host:port}. */
    public Builder standalone(String host, int port) {
      explicit.add("url");
      this.mode = Mode.STANDALONE;
      this.endpoints = new ArrayList<>(List.of(endpoint(host, port)));
      this.masterName = null;
      return this;
    }

    /**
     * The master {@code masterName} monitored by {@code sentinels} ({@code host:port} each).
     *
     * @throws IllegalArgumentException if the name is blank or there is no valid sentinel address
     */
    public Builder sentinel(String masterName, List<String> sentinels) {
      this.masterName = requireNonBlank(masterName, "masterName");
      this.endpoints = checkEndpoints(sentinels, "sentinels");
      explicit.add("url");
      this.mode = Mode.SENTINEL;
      return this;
    }

    /**
     * A Redis Cluster reachable through any of {@code seedNodes} ({@code host:port} each).
     *
     * @throws IllegalArgumentException if there is no valid node address
     */
    public Builder cluster(List<String> seedNodes) {
      this.endpoints = checkEndpoints(seedNodes, "seedNodes");
      explicit.add("url");
      this.masterName = null;
      this.mode = Mode.CLUSTER;
      return this;
    }

    /** Logical database, 0..Integer.MAX_VALUE; only 0 is valid in Cluster. */
    public Builder database(int database) {
      this.database = requireAtLeast(database, 0, "database");
      explicit.add("database");
      return this;
    }

    /** ACL user name (null: the {@code default} user). */
    public Builder user(@Nullable String user) {
      this.user = user == null ? null : requireNonBlank(user, "user");
      explicit.add("credentials");
      return this;
    }

    /** Password (null: none). */
    public Builder password(@Nullable String password) {
      if (password != null && password.isEmpty()) {
        throw new IllegalArgumentException("password must not be empty (use null for none)");
      }
      this.password = password;
      explicit.add("credentials");
      return this;
    }

    /** Credentials for the sentinels themselves (either may be null). */
    public Builder sentinelCredentials(@Nullable String user, @Nullable String password) {
      this.sentinelUser = user == null ? null : requireNonBlank(user, "sentinelUser");
      this.sentinelPassword = password;
      return this;
    }

    /** CLIENT SETNAME name, no spaces (null: none). */
    public Builder clientName(@Nullable String clientName) {
      if (clientName != null && (clientName.isBlank() || clientName.chars().anyMatch(Character::isWhitespace))) {
        throw new IllegalArgumentException("clientName must be non-blank without spaces, got '" + clientName + "'");
      }
      this.clientName = clientName;
      return this;
    }

    /** Turns TLS on or off. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      explicit.add("tls");
      return this;
    }

    /**
     * Trust store with the certificates to trust; implies TLS.
     *
     * @param type e.g. {@code PKCS12} or {@code JKS}
     * @throws IllegalArgumentException if the file does not exist or the type is blank
     */
    public Builder trustStore(Path path, @Nullable String password, String type) {
      this.trustStore = readableFile(path, "trustStore");
      this.trustStorePassword = password;
      this.trustStoreType = requireNonBlank(type, "trustStoreType");
      this.tls = true;
      return this;
    }

    /**
     * Key store with the client certificate and key for mutual TLS; implies TLS.
     *
     * @throws IllegalArgumentException if the file does not exist or the type is blank
     */
    public Builder keyStore(Path path, @Nullable String password, String type) {
      this.keyStore = readableFile(path, "keyStore");
      this.keyStorePassword = password;
      this.keyStoreType = requireNonBlank(type, "keyStoreType");
      this.tls = true;
      return this;
    }

    /** Whether TLS checks the server certificate's host name (default true; false still checks the CA). */
    public Builder verifyHostname(boolean verifyHostname) {
      this.verifyHostname = verifyHostname;
      return this;
    }

    /** Maximum pooled connections (per node in Cluster), 1..10000. */
    public Builder poolSize(int poolSize) {
      this.poolSize = requireInRange(poolSize, 1, 10_000, "poolSize");
      explicit.add("pool-size");
      return this;
    }

    /** TCP connect timeout, 1 ms..10 min. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requireInRange(timeout, MIN_TIMEOUT, MAX_TIMEOUT, "connectTimeout");
      return this;
    }

    /** Reply read timeout, 1 ms..10 min. */
    public Builder socketTimeout(Duration timeout) {
      this.socketTimeout = requireInRange(timeout, MIN_TIMEOUT, MAX_TIMEOUT, "socketTimeout");
      return this;
    }

    /** Longest wait for a pooled connection, 0..10 min (0: fail at once when all are busy). */
    public Builder borrowTimeout(Duration timeout) {
      this.borrowTimeout = requireInRange(timeout, Duration.ZERO, MAX_TIMEOUT, "borrowTimeout");
      return this;
    }



    /** Consecutive connection failures that open the circuit, 1..1000 (default 5). */
    public Builder failureThreshold(int failureThreshold) {
      this.failureThreshold = requireInRange(failureThreshold, 1, 1000, "failureThreshold");
      return this;
    }

    /** First probe wait after the circuit opens; doubles per failed probe up to the max. */
    public Builder probeInterval(Duration initial, Duration max) {
      this.probeInterval = requireInRange(initial, MIN_TIMEOUT, MAX_TIMEOUT, "probeInterval");
      this.maxProbeInterval = requireInRange(max, MIN_TIMEOUT, MAX_TIMEOUT, "maxProbeInterval");
      return this;
    }

    /**
     * The most time one caller's operation may spend on Redis across its round trips, 1 ms..10 min;
     * {@link #build()} rejects a budget below one round trip. Default: twice {@link
     * RedisConfig#roundTripBound()}.
     */
    public Builder callBudget(Duration budget) {
      this.callBudget = requireInRange(budget, MIN_TIMEOUT, MAX_TIMEOUT, "callBudget");
      return this;
    }

    /**
     * Heartbeat of the invalidation subscription, 0 (off) or 10 ms..10 min (default 5 s); a silent
     * connection is replaced after two missed answers.
     */
    public Builder subscriptionHeartbeat(Duration interval) {
      Objects.requireNonNull(interval, "subscriptionHeartbeat");
      if (!interval.isZero()) {
        if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
          throw new IllegalArgumentException("subscriptionHeartbeat must be 0 or in 10ms..10min, got " + interval);
        }
      }
      this.subscriptionHeartbeat = interval;
      return this;
    }

    /**
     * Prefix of the heartbeat's channel (default {@code optimizer:heartbeat}); put it inside the channel
     * patterns an ACL user may use, e.g. {@code app:cache:__heartbeat}.
     */
    public Builder heartbeatChannel(String prefix) {
      if (prefix == null || prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("heartbeatChannel must be non-blank without spaces, got '" + prefix + "'");
      }
      this.heartbeatChannel = prefix;
      return this;
    }

    /** Time source of the circuit breaker (default {@link Ticker#system()}; tests inject a fake one). */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if a Cluster uses a database other than 0, the call budget is below
     *     one round trip,
     *     Sentinel lacks a master name, the probe max is below its initial wait, or stores are set
     *     with TLS turned off
     */
    public RedisConfig build() {
      if (!explicit.contains("url")) {
        settings.get(RedisSettings.URL).ifPresent(url -> applyUri(url, true));
      }
      if (!explicit.contains("pool-size")) {
        settings.get(RedisSettings.POOL_SIZE).ifPresent(v -> poolSize = v);
      }
      if (mode == Mode.CLUSTER && database != 0) {
        throw new IllegalStateException("Redis Cluster has only database 0, got database " + database);
      }
      if (mode == Mode.SENTINEL && masterName == null) {
        throw new IllegalStateException("Sentinel mode needs a master name");
      }
      if (mode == Mode.STANDALONE && endpoints.size() != 1) {
        throw new IllegalStateException("standalone mode takes exactly one endpoint, got " + endpoints);
      }
      if (maxProbeInterval.compareTo(probeInterval) < 0) {
        throw new IllegalStateException("maxProbeInterval " + maxProbeInterval
            + " is below probeInterval " + probeInterval);
      }
      if (!tls && (trustStore != null || keyStore != null)) {
        throw new IllegalStateException("a trust store or key store is set but TLS is turned off");
      }
      if (user != null && password == null) {
        throw new IllegalStateException("ACL user '" + user + "' is set without a password");
      }
      Duration roundTrip = borrowTimeout.plus(connectTimeout).plus(socketTimeout.multipliedBy(2));
      if (callBudget != null && callBudget.compareTo(roundTrip) < 0) {
        throw new IllegalStateException("callBudget " + callBudget + " is below one round trip (borrowTimeout"
            + " + connectTimeout + 2 x socketTimeout = " + roundTrip + ")");
      }
      return new RedisConfig(this);
    }

    private static String endpoint(String host, int port) {
      requireNonBlank(host, "host");
      requireInRange(port, 1, 65_535, "port");
      return host + ":" + port;
    }

    private static List<String> checkEndpoints(List<String> list, String what) {
      Objects.requireNonNull(list, what);
      if (list.isEmpty()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      List<String> out = new ArrayList<>();
      for (String e : list) {
        out.add(RedisUri.checkEndpoint(e, what));
      }
      return out;
    }

    private static Path readableFile(@Nullable Path path, String what) {
      if (path == null || !Files.isReadable(path)) {
        throw new IllegalArgumentException(what + " file is not readable: " + path);
      }
      return path;
    }
  }
}
