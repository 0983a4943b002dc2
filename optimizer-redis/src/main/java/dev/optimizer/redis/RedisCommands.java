package dev.optimizer.redis;

import java.util.List;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;

/**
 * The commands a module runs on a {@link RedisConnection}, the same in every deployment mode: bulk calls
 * are grouped by hash slot in Cluster and pipelined in chunks. Keys and values are raw bytes. Reached only
 * inside {@link RedisConnection#execute}, which guards each call (circuit breaker, time budget, counting);
 * methods throw Jedis exceptions there, which {@code execute} turns into {@link RedisUnavailableException}.
 *
 * <p>Thread-safe; one round trip per method unless said otherwise.
 */
public interface RedisCommands {
  /** GET; null when the key is absent. */
  byte @Nullable [] get(byte[] key);

  /**
   * MGET in one round trip (chunks of {@code chunk} keys pipelined; grouped by slot in Cluster); values
   * aligned with keys, null where absent.
   */
  List<byte @Nullable []> getAll(List<byte[]> keys, int chunk);

  /** SET, with PX when {@code ttlMillis > 0}, plain SET (no expiry) otherwise. */
  void set(byte[] key, byte[] value, long ttlMillis);

  /** SET (PX when {@code ttlMillis > 0}) for every pair in one pipelined round trip (per node in Cluster). */
  void setAll(List<byte[]> keys, List<byte[]> values, long ttlMillis);

  /** UNLINK one key. */
  void unlink(byte[] key);

  /**
   * SCAN with MATCH {@code match} on every master, UNLINKing what it finds; returns the keys removed. One
   * round trip per SCAN page.
   */
  long unlinkMatching(byte[] match, int scanCount);

  /** PUBLISH. */
  void publish(byte[] channel, byte[] message);

  /**
   * Runs {@code script} with EVALSHA; when the server does not know it yet (NOSCRIPT, e.g. after a
   * restart or failover) sends it once with EVAL, which also caches it on the server.
   */
  @Nullable Object eval(RedisScript script, List<byte[]> keys, List<byte[]> args);

  /**
   * The underlying Jedis client for commands not listed here (streams, hashes). Calls on it are still
   * guarded when made inside {@link RedisConnection#execute}; never close it.
   */
  UnifiedJedis client();
}
