package dev.optimizer.redis;

import dev.optimizer.core.support.DaemonThreadFactory;
import dev.optimizer.redis.RedisUnavailableException.Reason;
import dev.optimizer.redis.internal.CircuitBreaker;
import dev.optimizer.redis.internal.RedisBackend;
import dev.optimizer.redis.internal.RedisFailures;
import dev.optimizer.redis.internal.SharedSubscriber;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to one Redis server (standalone, Sentinel or Cluster), shared by every cache, job store
 * and rate limiter of the application: one pool, one circuit breaker with one outage log, one subscriber
 * connection and thread carrying every channel, one heartbeat, and metrics tagged by server. An
 * application with 200 cached methods holds at most {@link RedisConfig#poolSize()} + 1 connections and 2
 * threads against one Redis.
 *
 * <p><b>Calls.</b> {@link #execute} runs a command through the pool, guarded: it throws {@link
 * RedisUnavailableException} (never a Jedis exception) whose {@link RedisUnavailableException#reason()}
 * tells a busy pool from a Redis that is down. Only failures to reach Redis count toward the circuit
 * breaker; a busy pool never opens it. Once open, calls fail in microseconds until a probe (one real call,
 * after {@link RedisConfig#probeInterval()}, doubling up to {@link RedisConfig#maxProbeInterval()})
 * succeeds.
 *
 * <p><b>Time.</b> Each operation of a caller takes one {@link #budget()}; every round trip charges it,
 * and a round trip starts only while the budget left covers {@link RedisConfig#roundTripBound()} with 5%
 * (at least 5 ms) to spare. So one operation spends at most {@link RedisConfig#callBudget()} on Redis,
 * however many round trips it makes. The first round trip of a fresh budget always starts.
 *
 * <p><b>Sharing.</b> {@link #shared(RedisConfig)} returns the one connection of the process for equal
 * settings, counting references; {@link #create(RedisConfig)} a private one. Either way each handle is
 * closed once: the connection really closes when its last handle is closed. After that every call throws
 * {@link RedisUnavailableException} with {@link Reason#CLOSED}, and {@link #subscribe} throws {@link
 * IllegalStateException}.
 *
 * <p>Thread-safe.
 */
public final class RedisConnection implements AutoCloseable, MeterBinder {
  private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
  private static final Map<RedisConfig, RedisConnection> SHARED = new HashMap<>();

  private final RedisConfig config;
  private final RedisBackend backend;
  private final CircuitBreaker breaker;
  private final SharedSubscriber subscriber;
  private final boolean shared;
  private final long roundTripNanos;
  private final long admitNanos;
  private final LongAdder calls = new LongAdder();
  private final LongAdder busy = new LongAdder();
  private final LongAdder overBudget = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CopyOnWriteArrayList<Timer> timers = new CopyOnWriteArrayList<>();
  private final Set<MeterRegistry> boundRegistries = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Object heartbeatLock = new Object();
  private ScheduledExecutorService heartbeat; // guarded by heartbeatLock; started with the first channel
  private int references = 1; // guarded by SHARED

  private RedisConnection(RedisConfig config, RedisBackend backend, boolean shared) {
    this.config = config;
    this.backend = backend;
    this.shared = shared;
    this.roundTripNanos = config.roundTripBound().toNanos();
    // A round trip can overrun its nominal bound by a few milliseconds (waking the thread, building the
    // exception), and the caller does some work between round trips: keep 5% (at least 5 ms) to spare so
    // that the operation as a whole stays within its budget.
    this.admitNanos = roundTripNanos + Math.max(TimeUnit.MILLISECONDS.toNanos(5), roundTripNanos / 20);
    this.breaker = new CircuitBreaker(backend.describe(), config.failureThreshold(), config.probeInterval(),
        config.maxProbeInterval(), config.ticker());
    this.breaker.beforeProbe(backend::evictIdleConnections);
    this.subscriber = new SharedSubscriber(backend, config.heartbeatChannel() + ":" + UUID.randomUUID(), config.probeInterval(),
        config.maxProbeInterval(), config.subscriptionHeartbeat(), config.ticker(),
        DaemonThreadFactory.of("redis", "subscriber"));
  }

  /**
   * Connects as configured and checks the server with a PING. If Redis is unreachable the connection
   * still starts, with its circuit open, and joins by itself once Redis answers (a cache must not stop an
   * application from starting). Cluster and Sentinel are the exceptions: the client needs one reachable
   * seed node to learn the slot map, or one reachable sentinel to learn the master.
   *
   * @throws RedisAuthenticationException if Redis refuses the password or ACL user, or the TLS handshake
   *     fails
   * @throws RedisUnavailableException ({@link Reason#DOWN}) if no Cluster seed node or sentinel answers
   */
  public static RedisConnection create(RedisConfig config) {
    return open(config, false);
  }

  /** Shorthand for {@code create(RedisConfig.of(uri))}. */
  public static RedisConnection create(String uri) {
    return create(RedisConfig.of(uri));
  }

  /**
   * The process's one connection for settings equal to {@code config}, created on first use (as {@link
   * #create}); each call adds a reference that one {@link #close()} releases.
   *
   * @throws RedisAuthenticationException as {@link #create}
   * @throws RedisUnavailableException as {@link #create}
   */
  public static RedisConnection shared(RedisConfig config) {
    Objects.requireNonNull(config, "config");
    synchronized (SHARED) {
      RedisConnection existing = SHARED.get(config);
      if (existing != null) {
        existing.references++;
        return existing;
      }
      RedisConnection created = open(config, true);
      SHARED.put(config, created);
      return created;
    }
  }

  private static RedisConnection open(RedisConfig config, boolean shared) {
    Objects.requireNonNull(config, "config");
    RedisBackend backend;
    try {
      backend = RedisBackend.create(config);
    } catch (RuntimeException e) {
      throw startupFailure(config, e);
    }
    RedisConnection connection = new RedisConnection(config, backend, shared);
    try {
      backend.ping();
    } catch (RuntimeException e) {
      if (RedisFailures.isAuthenticationFailure(e)) {
        connection.shutdown();
        throw startupFailure(config, e);
      }
      if (RedisFailures.isOutage(e)) {
        connection.breaker.forceOpen(e);
      } else {
        LOG.debug("{}: start-up PING refused ({}); assuming Redis is reachable", backend.describe(), e.toString());
      }
    }
    return connection;
  }

  private static RuntimeException startupFailure(RedisConfig config, RuntimeException e) {
    if (RedisFailures.isAuthenticationFailure(e)) {
      return new RedisAuthenticationException("Redis at " + config.endpoints() + " refused the connection (user '"
          + config.user().orElse("default") + "', tls=" + config.tls() + "): " + RedisFailures.rootMessage(e), e);
    }
    return new RedisUnavailableException(Reason.DOWN, "cannot reach Redis at " + config.endpoints() + ": "
        + RedisFailures.rootMessage(e), e);
  }

  /** The settings this connection was built with. */
  public RedisConfig config() {
    return config;
  }

  /** Mode and address for log lines and tags, e.g. {@code redis 127.0.0.1:6379}; never shows passwords. */
  public String server() {
    return backend.describe();
  }

  /** A fresh budget of {@link RedisConfig#callBudget()} for one operation of one caller. */
  public RedisBudget budget() {
    // Never below one admitted round trip, so that the first call of any operation goes out.
    return new RedisBudget(Math.max(config.callBudget().toNanos(), admitNanos));
  }

  /** {@link #execute(String, RedisBudget, Function)} with a fresh budget: one round trip's worth or more. */
  public <T> T execute(String operation, Function<RedisCommands, T> command) {
    return execute(operation, budget(), command);
  }

  /**
   * Runs {@code command} (one round trip, or a pipeline) through the pool, charging {@code budget} with the
   * time it takes.
   *
   * @param operation a short name for errors and logs, e.g. {@code get}
   * @param budget the caller's operation budget; not sent when it cannot cover {@link
   *     RedisConfig#roundTripBound()} and its margin (a fresh budget always can)
   * @return what {@code command} returned
   * @throws RedisUnavailableException when the call was not sent or did not complete; its reason says why
   */
  public <T> T execute(String operation, RedisBudget budget, Function<RedisCommands, T> command) {
    Objects.requireNonNull(command, "command");
    if (closed.get()) {
      throw new RedisUnavailableException(Reason.CLOSED, "connection to " + server() + " is closed", null);
    }
    if (budget.remainingNanos() < admitNanos) {
      overBudget.increment();
      throw new RedisUnavailableException(Reason.OVER_BUDGET, operation + " on " + server()
          + " not sent: the call budget of " + config.callBudget().toMillis() + " ms is spent", null);
    }
    if (!breaker.tryAcquire()) {
      throw new RedisUnavailableException(Reason.CIRCUIT_OPEN, operation + " on " + server()
          + " not sent: circuit open (Redis unreachable)", null);
    }
    long start = config.ticker().read();
    try {
      T result = command.apply(backend);
      breaker.onSuccess();
      calls.increment();
      return result;
    } catch (RuntimeException e) {
      if (RedisFailures.isBusy(e)) {
        busy.increment();
        breaker.onInconclusive();
        throw new RedisUnavailableException(Reason.BUSY, operation + " on " + server() + ": all "
            + config.poolSize() + " pooled connections busy for " + config.borrowTimeout().toMillis() + " ms", e);
      }
      errors.increment();
      if (RedisFailures.isOutage(e)) {
        breaker.onFailure(e);
        throw new RedisUnavailableException(Reason.DOWN, operation + " on " + server() + " failed: "
            + RedisFailures.rootMessage(e), e);
      }
      breaker.onSuccess(); // Redis answered: it is up, the command was refused
      throw new RedisUnavailableException(Reason.REFUSED, operation + " refused by " + server() + ": "
          + RedisFailures.rootMessage(e), e);
    } finally {
      long nanos = config.ticker().read() - start;
      budget.charge(nanos);
      if (!timers.isEmpty()) { // iterating allocates; most connections are bound to no registry or one
        for (Timer t : timers) {
          t.record(nanos, TimeUnit.NANOSECONDS);
        }
      }
    }
  }

  /**
   * Delivers the messages of {@code channel} to {@code listener} on the connection's one subscriber
   * thread (started with the first channel, together with the heartbeat). After a lost subscriber
   * connection every channel is subscribed again and its listener told {@link
   * RedisMessageListener#onResubscribed()}.
   *
   * @return a handle whose {@code close()} ends this listener's subscription (idempotent); a channel may
   *     have several listeners
   * @throws IllegalStateException if the connection is closed
   */
  public RedisSubscription subscribe(String channel, RedisMessageListener listener) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException("connection to " + server() + " is closed");
    }
    subscriber.add(channel, listener);
    startHeartbeat();
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        subscriber.remove(channel, listener);
      }
    };
  }

  private void startHeartbeat() {
    long nanos = config.subscriptionHeartbeat().toNanos();
    if (nanos <= 0) {
      return;
    }
    synchronized (heartbeatLock) {
      if (heartbeat != null || closed.get()) {
        return;
      }
      heartbeat = DaemonThreadFactory.singleThreadScheduler("redis", "heartbeat");
      heartbeat.scheduleWithFixedDelay(() -> subscriber.beat(this::publishHeartbeat), nanos, nanos,
          TimeUnit.NANOSECONDS);
    }
  }

  private boolean publishHeartbeat(byte[] channel, byte[] message) {
    try {
      execute("heartbeat", c -> {
        c.publish(channel, message);
        return null;
      });
      return true;
    } catch (RedisUnavailableException e) {
      LOG.debug("{}: heartbeat not published: {}", server(), e.getMessage());
      return false;
    }
  }

  /** A snapshot of the counters. Never throws. */
  public RedisConnectionStats stats() {
    return new RedisConnectionStats(server(), calls.sum(), busy.sum(), overBudget.sum(), errors.sum(),
        breaker.rejected(), breaker.outages(), breaker.state().name(), subscriber.channels(),
        subscriber.isSubscribed(), subscriber.lost(), subscriber.resubscribes());
  }

  /**
   * The connection's meters (see {@link #bindTo}); nothing is registered until {@code bindTo} is called.
   * Returns this connection, which is itself the binder; bind it once per application, as it is shared.
   */
  public MeterBinder metrics() {
    return this;
  }

  /**
   * Registers {@code optimizer.redis.*} meters tagged with {@code server}: {@code calls{result=ok|busy|
   * over_budget|error|rejected}}, {@code outages}, {@code circuit.state} (0 closed, 1 half-open, 2 open),
   * {@code latency}, {@code subscriber.channels}, {@code subscriber.lost} and {@code subscriber.resubscribes}.
   * Binding the same registry again does nothing.
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (!boundRegistries.add(registry)) {
      return;
    }
    Tags tags = Tags.of("server", server());
    counter(registry, tags, "ok", calls);
    counter(registry, tags, "busy", busy);
    counter(registry, tags, "over_budget", overBudget);
    counter(registry, tags, "error", errors);
    FunctionCounter.builder("optimizer.redis.calls", breaker, CircuitBreaker::rejected).tags(tags)
        .tag("result", "rejected").register(registry);
    FunctionCounter.builder("optimizer.redis.outages", breaker, CircuitBreaker::outages).tags(tags)
        .description("times the circuit opened").register(registry);
    Gauge.builder("optimizer.redis.circuit.state", breaker, b -> b.state().ordinal()).tags(tags)
        .description("0 closed, 1 half-open, 2 open").register(registry);
    Gauge.builder("optimizer.redis.subscriber.channels", subscriber, SharedSubscriber::channels).tags(tags)
        .register(registry);
    FunctionCounter.builder("optimizer.redis.subscriber.lost", subscriber, SharedSubscriber::lost).tags(tags)
        .register(registry);
    FunctionCounter.builder("optimizer.redis.subscriber.resubscribes", subscriber, SharedSubscriber::resubscribes)
        .tags(tags).register(registry);
    timers.add(Timer.builder("optimizer.redis.latency").tags(tags)
        .description("round trips through the pool, failures included").register(registry));
  }

  private static void counter(MeterRegistry registry, Tags tags, String result, LongAdder adder) {
    FunctionCounter.builder("optimizer.redis.calls", adder, LongAdder::sum).tags(tags).tag("result", result)
        .register(registry);
  }

  /**
   * Releases this handle. The connection closes when its last handle is closed: the subscriber and
   * heartbeat threads stop and the pool closes. Idempotent per connection once closed; never throws.
   */
  @Override
  public void close() {
    if (shared) {
      synchronized (SHARED) {
        if (closed.get() || --references > 0) {
          return;
        }
        SHARED.remove(config, this);
      }
    }
    shutdown();
  }

  private void shutdown() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (heartbeatLock) {
      if (heartbeat != null) {
        heartbeat.shutdownNow();
      }
    }
    subscriber.close();
    backend.close();
  }

  @Override
  public String toString() {
    return "RedisConnection{" + server() + ", circuit=" + breaker.state() + "}";
  }
}
