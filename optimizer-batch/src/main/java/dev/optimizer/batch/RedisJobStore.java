package dev.optimizer.batch;

import dev.optimizer.batch.internal.RemoteJobs;
import dev.optimizer.batch.internal.redis.RedisJobs;
import dev.optimizer.redis.RedisConnection;
import java.util.Objects;

/**
 * A job store on Redis Streams through the application's shared {@link RedisConnection} (module {@code
 * optimizer-redis}, an optional dependency of {@code optimizer-batch}: add it to use this class). Jobs
 * submitted by handler name on any node are run by every node that {@linkplain BatchProcessor#register
 * registered} that handler; their status, progress, results, listeners and cancellation work from any
 * node, and they survive the crash of the node that submitted or ran them.
 *
 * <pre>{@code
 * BatchProcessor processor = BatchProcessor.create(BatchConfig.custom()
 *     .jobStore(RedisJobStore.create(redis, RedisJobStoreConfig.custom().namespace("video").build()))
 *     .build());
 * processor.register("resize-video", batch -> resize(batch), JobCodec.string(), JobCodec.string());
 * }</pre>
 *
 * <p><b>Semantics.</b> At-least-once per batch: a batch runs again only after the lease of the worker
 * running it expired (it crashed, froze or lost Redis for longer than {@link
 * RedisJobStoreConfig#lease()}); every take issues a new fencing token and the store rejects completion
 * from a stale token, so exactly one run's results are kept. See {@code docs/batch.md} for the
 * durability window.
 *
 * <p>The store never opens its own Redis connections: it borrows from the connection's pool and subscribes
 * one channel on the connection's subscriber. The connection stays the caller's to close, after the
 * processors using it.
 */
public final class RedisJobStore extends JobStore {
  private final RedisConnection connection;
  private final RedisJobStoreConfig config;

  private RedisJobStore(RedisConnection connection, RedisJobStoreConfig config) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * A store over {@code connection} with {@code config}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static RedisJobStore create(RedisConnection connection, RedisJobStoreConfig config) {
    return new RedisJobStore(connection, config);
  }

  /** The store's settings. */
  public RedisJobStoreConfig config() {
    return config;
  }

  @Override
  RemoteJobs open(BatchConfig batchConfig, RemoteJobs.Host host) {
    return new RedisJobs(connection, config, batchConfig, host);
  }

  @Override
  public String describe() {
    return "redis " + connection.server() + " {" + config.namespace() + "}";
  }
}
