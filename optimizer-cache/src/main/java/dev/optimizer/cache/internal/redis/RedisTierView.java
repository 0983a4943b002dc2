package dev.optimizer.cache.internal.redis;

import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.RedisTierStats;

import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.InvalidationBus;
import dev.optimizer.cache.spi.TierUnavailableException;
import dev.optimizer.redis.RedisBudget;
import dev.optimizer.redis.RedisCommands;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.RedisConnectionStats;
import dev.optimizer.redis.RedisUnavailableException;
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
import java.util.HashMap;
import java.util.IdentityHashMap;
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
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RedisTier} implementation: one cache's view over a shared {@link RedisConnection}; see the
 * interface for the contract.
 */
public final class RedisTierView implements RedisTier {
  private static final String NAME = "L2";

  private enum Op {
    GET, GET_ALL, PUT, PUT_ALL, INVALIDATE, INVALIDATE_MATCHING, PUBLISH;

    final String tag = name().toLowerCase(Locale.ROOT);
  }

  private final RedisTierConfig config;
  private final RedisConnection connection;
  private final boolean ownsConnection;
  private final RedisKeys keys;
  private final @Nullable RedisInvalidationBus bus;
  // One reusable state per thread: opening a scope on the hot path allocates only the budget.
  private final ThreadLocal<ScopeState> scope = ThreadLocal.withInitial(ScopeState::new);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder busy = new LongAdder();
  private final LongAdder overBudget = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final CopyOnWriteArrayList<Timer[]> timers = new CopyOnWriteArrayList<>();
  private final Set<MeterRegistry> boundRegistries = Collections.newSetFromMap(new IdentityHashMap<>());

  private static final class ScopeState implements Scope {
    @Nullable RedisBudget budget;
    int depth;

    @Override
    public void close() {
      if (depth > 0 && --depth == 0) {
        budget = null;
      }
    }
  }

  /**
   * @param ownsConnection true to release {@code connection} on {@link #close()}
   */
  public RedisTierView(RedisTierConfig config, RedisConnection connection, boolean ownsConnection) {
    this.config = config;
    this.connection = connection;
    this.ownsConnection = ownsConnection;
    this.keys = new RedisKeys(config.keyPrefix());
    this.bus = config.invalidationEnabled()
        ? new RedisInvalidationBus(config.cacheName(), config.nodeId(), config.invalidationChannel(), connection,
            (channel, message) -> call(Op.PUBLISH, c -> {
              c.publish(channel, message);
              return null;
            }))
        : null;
  }

  /**
   * A view over the process's shared connection for {@link RedisTierConfig#connection()}, released on
   * {@link #close()}.
   */
  public static RedisTierView overShared(RedisTierConfig config) {
    Objects.requireNonNull(config, "config");
    RedisConnection shared;
    try {
      shared = RedisConnection.shared(config.connection());
    } catch (RedisUnavailableException e) {
      throw new TierUnavailableException(NAME, "cannot reach Redis for cache '" + config.cacheName() + "': "
          + e.getMessage(), e);
    }
    return new RedisTierView(config, shared, true);
  }

  /** True: keys are stored under {@code <namespace><cacheName>:}, so the cache leaves out its own name. */
  @Override
  public boolean prefixesCacheName() {
    return true;
  }

  /** {@code L2}. */
  @Override
  public String name() {
    return NAME;
  }

  /** The settings this tier was built with. */
  @Override
  public RedisTierConfig config() {
    return config;
  }

  /** The shared connection under this view. */
  @Override
  public RedisConnection connection() {
    return connection;
  }

  /**
   * Starts one cache operation on the calling thread: until the scope closes, every call of this tier on
   * this thread shares one time budget. Scopes nest (an inner one joins the outer one). Close it on the
   * same thread, once.
   */
  @Override
  public Scope openScope() {
    ScopeState s = scope.get();
    if (s.depth++ == 0) {
      s.budget = connection.budget();
    }
    return s;
  }

  @Override
  public byte @Nullable [] get(String key) {
    byte[] redisKey = keys.encode(Objects.requireNonNull(key, "key"));
    byte[] value = call(Op.GET, c -> c.get(redisKey));
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
    List<byte[]> values = call(Op.GET_ALL, c -> c.getAll(redisKeys, config.bulkChunkSize()));
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
    call(Op.PUT, c -> {
      c.set(redisKey, value, px);
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
    call(Op.PUT_ALL, c -> {
      c.setAll(redisKeys, values, px);
      return null;
    });
  }

  @Override
  public void invalidate(String key) {
    byte[] redisKey = keys.encode(Objects.requireNonNull(key, "key"));
    call(Op.INVALIDATE, c -> {
      c.unlink(redisKey);
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
    return call(Op.INVALIDATE_MATCHING, c -> c.unlinkMatching(match, config.scanCount()));
  }

  @Override
  public void invalidateAll() {
    byte[] match = keys.match("*");
    call(Op.INVALIDATE_MATCHING, c -> c.unlinkMatching(match, config.scanCount()));
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

  /** True: the connection's circuit breaker fails calls fast while Redis is down and probes by itself. */
  @Override
  public boolean guardsOutages() {
    return true;
  }

  /** A snapshot of this cache's counters and the shared connection's circuit state. Never throws. */
  @Override
  public RedisTierStats stats() {
    RedisInvalidationBus b = bus;
    RedisConnectionStats c = connection.stats();
    return new RedisTierStats(hits.sum(), misses.sum(), errors.sum(), busy.sum(), overBudget.sum(), rejected.sum(),
        c.outages(), RedisTierStats.CircuitState.valueOf(c.circuit()),
        b == null ? 0 : b.sent(), b == null ? 0 : b.received(), b == null ? 0 : b.publishFailures(),
        b == null ? 0 : b.resyncs(), b != null && b.isSubscribed());
  }

  /**
   * The tier's meters (see {@link #bindTo}); nothing is registered until {@code bindTo} is called. Returns
   * this tier, which is itself the binder; {@code TieredCache.metrics()} binds it with the cache's.
   */
  @Override
  public MeterBinder metrics() {
    return this;
  }

  /**
   * Registers {@code optimizer.cache.redis.*} meters tagged with {@code cache} and {@code tier=L2}:
   * {@code gets{result=hit|miss}}, {@code errors}, {@code busy}, {@code over_budget}, {@code rejected},
   * {@code latency{operation}} and {@code invalidations{direction=sent|received|publish_failed|resync}}, and
   * binds the connection's own {@code optimizer.redis.*} meters (circuit, outages, calls) to the same
   * registry through {@link RedisConnection#bindTo}, once per server. Binding the same registry again does
   * nothing.
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
        .description("L2 calls that failed on Redis and were skipped by the cache").register(registry);
    FunctionCounter.builder("optimizer.cache.redis.busy", busy, LongAdder::sum).tags(tags)
        .description("L2 calls skipped because every pooled connection was in use").register(registry);
    FunctionCounter.builder("optimizer.cache.redis.over_budget", overBudget, LongAdder::sum).tags(tags)
        .description("L2 calls skipped because the cache call's Redis time budget was spent").register(registry);
    FunctionCounter.builder("optimizer.cache.redis.rejected", rejected, LongAdder::sum).tags(tags)
        .description("L2 calls refused because the circuit was open").register(registry);
    FunctionCounter.builder("optimizer.cache.redis.outages", connection, c -> c.stats().outages()).tags(tags)
        .description("times the shared connection's circuit opened").register(registry);
    Gauge.builder("optimizer.cache.redis.circuit.state", connection,
        c -> RedisTierStats.CircuitState.valueOf(c.stats().circuit()).ordinal()).tags(tags)
        .description("0 closed, 1 half-open, 2 open (the shared connection's)").register(registry);
    // The server's own meters too (idempotent per registry): whoever watches the cache sees its server.
    connection.bindTo(registry);
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

  private <T> T call(Op op, Function<RedisCommands, T> action) {
    if (closed.get()) {
      throw new TierUnavailableException(NAME, "tier of cache '" + config.cacheName() + "' is closed", null);
    }
    RedisBudget budget = scope.get().budget;
    if (budget == null) {
      budget = connection.budget();
    }
    boolean timed = !timers.isEmpty();
    long start = timed ? System.nanoTime() : 0;
    try {
      return connection.execute(op.tag, budget, action);
    } catch (RedisUnavailableException e) {
      switch (e.reason()) {
        case BUSY -> busy.increment();
        case OVER_BUDGET -> overBudget.increment();
        case CIRCUIT_OPEN -> rejected.increment();
        default -> errors.increment();
      }
      boolean outage = e.reason() != RedisUnavailableException.Reason.BUSY
          && e.reason() != RedisUnavailableException.Reason.OVER_BUDGET;
      throw new TierUnavailableException(NAME, op.tag + " failed for cache '" + config.cacheName() + "': "
          + e.getMessage(), e, outage);
    } finally {
      if (timed) {
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

  /**
   * Ends this cache's subscription and releases the shared connection (if {@link #overShared}
   * made it). Idempotent; never throws.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (bus != null) {
      bus.close();
    }
    if (ownsConnection) {
      connection.close();
    }
  }

  @Override
  public String toString() {
    return "RedisTier{" + config.keyPrefix() + " on " + connection.server() + "}";
  }
}
