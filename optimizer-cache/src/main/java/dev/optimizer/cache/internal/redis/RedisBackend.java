package dev.optimizer.cache.internal.redis;

import dev.optimizer.cache.RedisTierConfig;
import java.util.List;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The Redis commands the tier needs, implemented once per deployment shape: {@link SingleMasterBackend}
 * (standalone and Sentinel: one master behind a pool) and {@link ClusterBackend} (keys spread over hash
 * slots on several masters). Keys and values are raw bytes, already prefixed. Methods throw Jedis
 * exceptions; the tier turns them into {@code TierUnavailableException}.
 */
public interface RedisBackend extends AutoCloseable {
  /** SET with PX when {@code ttlMillis > 0}, plain SET (no expiry) otherwise; one round trip either way. */
  static void setWithTtl(UnifiedJedis client, byte[] key, byte[] value, long ttlMillis) {
    if (ttlMillis > 0) {
      client.set(key, value, SetParams.setParams().px(ttlMillis));
    } else {
      client.set(key, value);
    }
  }

  /** Creates the backend for {@code config}'s mode; Cluster contacts a seed node to learn the slots. */
  static RedisBackend create(RedisTierConfig config) {
    JedisClientConfig clientConfig = JedisSettings.clientConfig(config, false);
    return switch (config.mode()) {
      case STANDALONE, SENTINEL -> new SingleMasterBackend(config, clientConfig);
      case CLUSTER -> new ClusterBackend(config, clientConfig);
    };
  }

  /** GET. */
  byte[] get(byte[] key);

  /** MGET in one round trip (chunks pipelined; grouped by slot in Cluster); values aligned with keys. */
  List<byte[]> getAll(List<byte[]> keys);

  /** SET, with PX when {@code ttlMillis > 0}. */
  void set(byte[] key, byte[] value, long ttlMillis);

  /** SET PX for every pair in one pipelined round trip (per node in Cluster). */
  void setAll(List<byte[]> keys, List<byte[]> values, long ttlMillis);

  /** UNLINK one key. */
  void unlink(byte[] key);

  /** SCAN with MATCH {@code match} on every master, UNLINKing what it finds; returns keys removed. */
  long unlinkMatching(byte[] match, int scanCount);

  /** PUBLISH. */
  void publish(byte[] channel, byte[] message);

  /** PING the (or one) master; throws if it does not answer. */
  void ping();

  /** A new, unpooled, connected connection for the pub/sub subscriber; {@code attempt} rotates nodes. */
  Connection newSubscriberConnection(int attempt);

  /** Destroys idle pooled connections (they may be dead after a server restart). Never throws. */
  void evictIdleConnections();

  /** The connection settings, for a dedicated connection. */
  JedisClientConfig clientConfig();

  /** For log lines: mode and address. */
  String describe();

  /** Closes the pools and client. Never throws. */
  @Override
  void close();
}
