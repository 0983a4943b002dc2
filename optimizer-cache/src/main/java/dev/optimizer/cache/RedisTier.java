package dev.optimizer.cache;

import dev.optimizer.cache.internal.redis.CircuitBreaker;
import dev.optimizer.cache.internal.redis.RedisBackend;
import dev.optimizer.cache.internal.redis.RedisFailures;
import dev.optimizer.cache.internal.redis.RedisInvalidationBus;
import dev.optimizer.cache.internal.redis.RedisKeys;
import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.InvalidationBus;
import dev.optimizer.cache.spi.TierUnavailableException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The L2 tier: a {@link ByteTier} on Redis (standalone, Sentinel or Cluster) through Jedis, shared by
 * every node of an application.
 *
 * <p><b>Keys.</b> Every key is stored as {@link RedisTierConfig#keyPrefix()} + key ({@code
 * app:cache:<cache>:<key>} by default), so two applications or two caches never collide and an ACL user
 * can be limited to {@code ~app:cache:*}. Pattern and full invalidation only touch this prefix and use
 * SCAN (never KEYS), on every master in Cluster.
 *
 * <p><b>Round trips.</b> {@link #get} and {@link #put} are one command each; {@link #getAll} is one MGET
 * (or one pipeline of MGET chunks; one per master in Cluster, grouped by hash slot) and {@link #putAll}
 * one pipeline of {@code SET PX}.
 *
 * <p><b>Failures.</b> Every method except {@link #estimatedSize} and {@link #close} throws {@link
 * TierUnavailableException} when Redis cannot serve it, after at most {@link RedisTierConfig#callBudget()}.
 * After {@link RedisTierConfig#failureThreshold()} consecutive connection failures a circuit breaker
 * opens: calls then fail in microseconds without touching the network, until a probe (one real call,
 * after {@link RedisTierConfig#probeInterval()}, doubling up to {@link RedisTierConfig#maxProbeInterval()})
 * succeeds. The outage is logged once when it starts and once when it ends; every failure is counted.
 * Server replies that are errors but not outages (e.g. {@code NOPERM}) are also thrown as {@code
 * TierUnavailableException} and counted, but do not open the circuit.
 *
 * <p><b>Invalidation bus.</b> {@link #invalidationBus()} carries invalidations between nodes on the
 * channel {@link RedisTierConfig#invalidationChannel()}; see {@code RedisInvalidationBus} semantics in
 * the README: messages from this node are ignored, and after the subscription was interrupted the
 * listener gets a RESYNC (clear L1), so an L1 entry is stale at most until the subscriber has reconnected
 * (within {@link RedisTierConfig#maxProbeInterval()} of Redis being reachable again), or for the L1 TTL
 * if the publishing node itself could not reach Redis.
 *
 * <p>Thread-safe. Build with {@link #create(RedisTierConfig)}; close when done.
 */
public final class RedisTier implements ByteTier, MeterBinder {
  private static final Logger LOG = LoggerFactory.getLogger(RedisTier.class);
  private static final String NAME = "L2";

  private enum Op {
    GET, GET_ALL, PUT, PUT_ALL, INVALIDATE, INVALIDATE_MATCHING, PUBLISH;

    final String tag = name().toLowerCase(Locale.ROOT);
  }

  private final RedisTierConfig config;
  private final RedisBackend backend;
  private final RedisKeys keys;
  private final CircuitBreaker breaker;
  private final @Nullable RedisInvalidationBus bus;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final CopyOnWriteArrayList<Timer[]> timers = new CopyOnWriteArrayList<>();
  private final Set<MeterRegistry> boundRegistries = Collections.newSetFromMap(new IdentityHashMap<>());

  private RedisTier(RedisTierConfig config, RedisBackend backend) {
    this.config = config;
    this.backend = backend;
    this.keys = new RedisKeys(config.keyPrefix());
    this.breaker = new CircuitBreaker("L2 cache '" + config.cacheName() + "' on " + backend.describe(),
        config.failureThreshold(), config.probeInterval(), config.maxProbeInterval(), config.ticker());
    this.breaker.beforeProbe(backend::evictIdleConnections);
    this.bus = config.invalidationEnabled()
        ? new RedisInvalidationBus(config.cacheName(), config.nodeId(), config.invalidationChannel(), backend,
            (channel, message) -> call(Op.PUBLISH, () -> {
              backend.publish(channel, message);
              return null;
            }), config.probeInterval(), config.maxProbeInterval(), config.subscriptionHeartbeat(),
            config.ticker())
        : null;
  }

  /**
   * Connects to Redis as configured and checks it with a PING.
   *
   * <p>If Redis is unreachable the tier still starts, with its circuit open, and joins by itself once
   * Redis answers (a cache must not stop an application from starting). Cluster and Sentinel are the
   * exceptions: the client needs one reachable seed node to learn the slot map, or one reachable
   * sentinel to learn the master.
   *
   * @throws RedisTierAuthenticationException if Redis rejects the password or ACL user, or the TLS
   *     handshake fails
   * @throws TierUnavailableException if no Cluster seed node or no sentinel is reachable
   */
  public static RedisTier create(RedisTierConfig config) {
    Objects.requireNonNull(config, "config");
    RedisBackend backend;
    try {
      backend = RedisBackend.create(config);
    } catch (RuntimeException e) {
      throw startupFailure(config, e);
    }
    RedisTier tier = new RedisTier(config, backend);
    try {
      backend.ping();
    } catch (RuntimeException e) {
      if (RedisFailures.isAuthenticationFailure(e)) {
        tier.close();
        throw startupFailure(config, e);
      }
      if (RedisFailures.isOutage(e)) {
        tier.breaker.forceOpen(e);
      } else {
        LOG.debug("L2 cache '{}': start-up PING refused ({}); assuming Redis is reachable", config.cacheName(),
            e.toString());
      }
    }
    return tier;
  }

  /**
   * Shorthand for {@code create(RedisTierConfig.custom().uri(uri).cacheName(cacheName).build())}.
   *
   * @throws IllegalArgumentException if the URL or name is invalid
   */
  public static RedisTier create(String uri, String cacheName) {
    return create(RedisTierConfig.custom().uri(uri).cacheName(cacheName).build());
  }

  private static RuntimeException startupFailure(RedisTierConfig config, RuntimeException e) {
    if (RedisFailures.isAuthenticationFailure(e)) {
      return new RedisTierAuthenticationException("Redis at " + config.endpoints() + " refused L2 cache '"
          + config.cacheName() + "' (user '" + config.user().orElse("default") + "', tls=" + config.tls()
          + "): " + RedisFailures.rootMessage(e), e);
    }
    return new TierUnavailableException(NAME, "cannot reach Redis at " + config.endpoints() + " for cache '"
        + config.cacheName() + "': " + RedisFailures.rootMessage(e), e);
  }

  /** {@code L2}. */
  @Override
  public String name() {
    return NAME;
  }

  /** The settings this tier was built with. */
  public RedisTierConfig config() {
    return config;
  }

  @Override
  public byte @Nullable [] get(String key) {
    byte[] redisKey = keys.encode(Objects.requireNonNull(key, "key"));
    byte[] value = call(Op.GET, () -> backend.get(redisKey));
    if (value == null) {
      misses.increment();
    } else {
      hits.increment();
    }
    return value;
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> requested) {
    Objects.requireNonNull(requested, "keys");
    if (requested.isEmpty()) {
      return Map.of();
    }
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(requested));
    List<byte[]> redisKeys = new ArrayList<>(distinct.size());
    for (String k : distinct) {
      redisKeys.add(keys.encode(Objects.requireNonNull(k, "key")));
    }
    List<byte[]> values = call(Op.GET_ALL, () -> backend.getAll(redisKeys));
    Map<String, byte[]> found = new HashMap<>(Math.max(4, values.size() * 2));
    for (int i = 0; i < distinct.size(); i++) {
      byte[] v = values.get(i);
      if (v != null) {
        found.put(distinct.get(i), v);
      }
    }
    hits.add(found.size());
    misses.add(distinct.size() - found.size());
    return found;
  }

  @Override
  public void put(String key, byte[] value, Duration ttl) {
    byte[] redisKey = keys.encode(Objects.requireNonNull(key, "key"));
    Objects.requireNonNull(value, "value");
    long px = ttlMillis(ttl);
    call(Op.PUT, () -> {
      backend.set(redisKey, value, px);
      return null;
    });
  }

  @Override
  public void putAll(Map<String, byte[]> entries, Duration ttl) {
    Objects.requireNonNull(entries, "entries");
    long px = ttlMillis(ttl);
    if (entries.isEmpty()) {
      return;
    }
    List<byte[]> redisKeys = new ArrayList<>(entries.size());
    List<byte[]> values = new ArrayList<>(entries.size());
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      redisKeys.add(keys.encode(Objects.requireNonNull(e.getKey(), "key")));
      values.add(Objects.requireNonNull(e.getValue(), () -> "value of key " + e.getKey()));
    }
    call(Op.PUT_ALL, () -> {
      backend.setAll(redisKeys, values, px);
      return null;
    });
  }

  @Override
  public void invalidate(String key) {
    byte[] redisKey = keys.encode(Objects.requireNonNull(key, "key"));
    call(Op.INVALIDATE, () -> {
      backend.unlink(redisKey);
      return null;
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code *} any run, {@code ?} one character, {@code \} escapes the next character; {@code [} and
   * {@code ]} match themselves.
   * SCAN may miss keys written during the scan (Redis guarantees only keys present throughout). Each
   * SCAN page is bounded by the call budget, not the whole sweep.
   */
  @Override
  public long invalidateMatching(String glob) {
    byte[] match = keys.match(Objects.requireNonNull(glob, "glob"));
    return call(Op.INVALIDATE_MATCHING, () -> backend.unlinkMatching(match, config.scanCount()));
  }

  @Override
  public void invalidateAll() {
    byte[] match = keys.match("*");
    call(Op.INVALIDATE_MATCHING, () -> backend.unlinkMatching(match, config.scanCount()));
  }

  /** -1: Redis cannot count one prefix's keys cheaply (DBSIZE counts the whole database). */
  @Override
  public long estimatedSize() {
    return -1;
  }

  /** The pub/sub invalidation bus, or null if {@link RedisTierConfig#invalidationEnabled()} is false. */
  @Override
  public @Nullable InvalidationBus invalidationBus() {
    return bus;
  }

  /** True: the circuit breaker fails calls fast while Redis is down and probes with its own backoff. */
  @Override
  public boolean guardsOutages() {
    return true;
  }

  /** A snapshot of this tier's counters and circuit state. Never throws. */
  public RedisTierStats stats() {
    RedisInvalidationBus b = bus;
    return new RedisTierStats(hits.sum(), misses.sum(), errors.sum(), breaker.rejected(), breaker.outages(),
        RedisTierStats.CircuitState.valueOf(breaker.state().name()),
        b == null ? 0 : b.sent(), b == null ? 0 : b.received(), b == null ? 0 : b.publishFailures(),
        b == null ? 0 : b.resyncs(), b != null && b.isSubscribed());
  }

  /**
   * Registers {@code optimizer.cache.redis.*} meters tagged with {@code cache} and {@code tier=L2}:
   * {@code gets{result=hit|miss}}, {@code errors}, {@code rejected}, {@code outages}, {@code
   * circuit.state} (0 closed, 1 half-open, 2 open), {@code latency{operation}} and {@code
   * invalidations{direction=sent|received|publish_failed|resync}}. May be called for several registries;
   * binding the same registry again does nothing.
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (!boundRegistries.add(registry)) {
      return; // binding twice would record every latency twice into the same timer
    }
    Tags tags = Tags.of("cache", config.cacheName(), "tier", NAME);
    FunctionCounter.builder("optimizer.cache.redis.gets", hits, LongAdder::sum).tags(tags).tag("result", "hit")
        .description("L2 lookups that found the key").register(registry);
    FunctionCounter.builder("optimizer.cache.redis.gets", misses, LongAdder::sum).tags(tags)
        .tag("result", "miss").description("L2 lookups that did not find the key").register(registry);
    FunctionCounter.builder("optimizer.cache.redis.errors", errors, LongAdder::sum).tags(tags)
        .description("L2 calls that failed and were skipped by the cache").register(registry);
    FunctionCounter.builder("optimizer.cache.redis.rejected", breaker, CircuitBreaker::rejected).tags(tags)
        .description("L2 calls refused because the circuit was open").register(registry);
    FunctionCounter.builder("optimizer.cache.redis.outages", breaker, CircuitBreaker::outages).tags(tags)
        .description("times the L2 circuit opened").register(registry);
    Gauge.builder("optimizer.cache.redis.circuit.state", breaker, b -> b.state().ordinal()).tags(tags)
        .description("0 closed, 1 half-open, 2 open").register(registry);
    RedisInvalidationBus b = bus;
    if (b != null) {
      FunctionCounter.builder("optimizer.cache.redis.invalidations", b, RedisInvalidationBus::sent).tags(tags)
          .tag("direction", "sent").register(registry);
      FunctionCounter.builder("optimizer.cache.redis.invalidations", b, RedisInvalidationBus::received)
          .tags(tags).tag("direction", "received").register(registry);
      FunctionCounter.builder("optimizer.cache.redis.invalidations", b, RedisInvalidationBus::publishFailures)
          .tags(tags).tag("direction", "publish_failed").register(registry);
      FunctionCounter.builder("optimizer.cache.redis.invalidations", b, RedisInvalidationBus::resyncs)
          .tags(tags).tag("direction", "resync").register(registry);
    }
    Timer[] byOp = new Timer[Op.values().length];
    for (Op op : Op.values()) {
      byOp[op.ordinal()] = Timer.builder("optimizer.cache.redis.latency").tags(tags).tag("operation", op.tag)
          .description("L2 call latency, failures included").register(registry);
    }
    timers.add(byOp);
  }

  private <T> T call(Op op, Supplier<T> action) {
    if (closed.get()) {
      throw new TierUnavailableException(NAME, "tier of cache '" + config.cacheName() + "' is closed", null);
    }
    if (!breaker.tryAcquire()) {
      throw new TierUnavailableException(NAME, "circuit open for cache '" + config.cacheName() + "' ("
          + backend.describe() + " unreachable)", null);
    }
    long start = System.nanoTime();
    try {
      T result = action.get();
      breaker.onSuccess();
      return result;
    } catch (RuntimeException e) {
      errors.increment();
      if (RedisFailures.isOutage(e)) {
        breaker.onFailure(e);
      } else {
        breaker.onSuccess(); // Redis answered: it is up, the command was refused
        LOG.debug("L2 cache '{}': {} refused by Redis: {}", config.cacheName(), op.tag, e.toString());
      }
      throw new TierUnavailableException(NAME, op.tag + " failed for cache '" + config.cacheName() + "': "
          + RedisFailures.rootMessage(e), e);
    } finally {
      if (!timers.isEmpty()) {
        long nanos = System.nanoTime() - start;
        for (Timer[] t : timers) {
          t[op.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        }
      }
    }
  }

  private static long ttlMillis(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive or ZERO (no expiry), got " + ttl);
    }
    if (ttl.isZero()) {
      return 0;
    }
    try {
      // Sub-millisecond TTLs round up: PX 0 is an error in Redis, and rounding down would mean "no expiry".
      return Math.max(1, ttl.toMillis());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("ttl too large for milliseconds: " + ttl, e);
    }
  }

  /** Stops the invalidation subscriber and closes the connections. Idempotent; never throws. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (bus != null) {
      bus.close();
    }
    backend.close();
  }

  @Override
  public String toString() {
    return "RedisTier{" + config.keyPrefix() + " on " + backend.describe() + ", circuit=" + breaker.state() + "}";
  }
}
