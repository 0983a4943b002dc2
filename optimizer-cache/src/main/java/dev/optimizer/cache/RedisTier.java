package dev.optimizer.cache;

import dev.optimizer.cache.internal.redis.RedisTierView;
import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.TierUnavailableException;
import dev.optimizer.redis.RedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * The L2 tier: one cache's light view over the application's shared {@link RedisConnection} (standalone,
 * Sentinel or Cluster). The view holds only the cache's key space and its invalidation channel; the pool,
 * the circuit breaker, the subscriber thread and the heartbeat belong to the connection, one per server,
 * so 200 caches on one Redis hold at most pool size + 1 connections and 2 threads.
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
 * <p><b>Failures and time.</b> Every method except {@link #estimatedSize} and {@link #close} throws {@link
 * TierUnavailableException} when Redis cannot serve it: down, circuit open, pool busy, or the cache call's
 * time budget spent. Within one {@link #openScope() scope} (a {@code TieredCache} opens one per call) all
 * round trips share one {@link dev.optimizer.redis.RedisConfig#callBudget()}, so a cache call never
 * waits longer than that on Redis, however many round trips it makes. A busy pool is counted ({@link
 * RedisTierStats#busy()}) and never opens the circuit.
 *
 * <p><b>Invalidation bus.</b> {@link #invalidationBus()} carries invalidations between nodes on the
 * channel {@link RedisTierConfig#invalidationChannel()}, through the connection's one subscriber: messages
 * from this node are ignored, and after the subscriber's connection was lost the listener gets a RESYNC
 * (clear L1), so an L1 entry is stale at most until the subscriber has reconnected.
 *
 * <p><b>Lifecycle.</b> {@link #create(RedisTierConfig)} takes a reference to the process's shared
 * connection for {@link RedisTierConfig#connection()} and releases it on {@link #close()}; {@link
 * #create(RedisConnection, RedisTierConfig)} uses a connection the caller owns and leaves it open. After
 * {@code close()} every method throws {@link TierUnavailableException}.
 *
 * <p>Thread-safe.
 */
public interface RedisTier extends ByteTier, MeterBinder {
  /**
   * A view over the process's shared connection for {@link RedisTierConfig#connection()} (created on
   * first use, as {@link RedisConnection#shared}); closing the tier releases it. If Redis is unreachable
   * the tier still starts, with the connection's circuit open, and joins by itself once Redis answers.
   *
   * @throws dev.optimizer.redis.RedisAuthenticationException if Redis refuses the password or ACL user,
   *     or the TLS handshake fails
   * @throws TierUnavailableException if no Cluster seed node or no sentinel is reachable
   */
  static RedisTier create(RedisTierConfig config) {
    return RedisTierView.overShared(config);
  }

  /**
   * A view over {@code connection}, which the caller owns: closing the tier leaves it open.
   *
   * @throws IllegalStateException if {@code connection} is closed
   */
  static RedisTier create(RedisConnection connection, RedisTierConfig config) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(config, "config");
    return new RedisTierView(config, connection, false);
  }

  /**
   * Shorthand for {@code create(RedisTierConfig.custom().uri(uri).cacheName(cacheName).build())}.
   *
   * @throws IllegalArgumentException if the URL or name is invalid
   */
  static RedisTier create(String uri, String cacheName) {
    return create(RedisTierConfig.custom().uri(uri).cacheName(cacheName).build());
  }

  /** The settings this tier was built with. */
  RedisTierConfig config();

  /** The shared connection under this view. */
  RedisConnection connection();

  /** A snapshot of this cache's counters and the shared connection's circuit state. Never throws. */
  RedisTierStats stats();

  /**
   * The tier's meters (see {@link #bindTo}); nothing is registered until {@code bindTo} is called. Returns
   * this tier, which is itself the binder; {@link TieredCache#metrics()} binds it with the cache's.
   */
  MeterBinder metrics();

  /**
   * Registers {@code optimizer.cache.redis.*} meters tagged with {@code cache} and {@code tier=L2}:
   * {@code gets{result=hit|miss}}, {@code errors}, {@code busy}, {@code over_budget}, {@code rejected},
   * {@code latency{operation}} and {@code invalidations{direction=sent|received|publish_failed|resync}}, and
   * binds the connection's own {@code optimizer.redis.*} meters (circuit, outages, calls) to the same
   * registry through {@link RedisConnection#bindTo}, once per server. Binding the same registry again does
   * nothing.
   */
  @Override
  void bindTo(MeterRegistry registry);

  /**
   * Ends this cache's subscription and releases the shared connection (if {@link #create(RedisTierConfig)}
   * made it). Idempotent; never throws.
   */
  @Override
  void close();
}
