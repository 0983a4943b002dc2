package dev.optimizer.redis.internal;

import dev.optimizer.redis.RedisCommands;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisScript;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;

/**
 * The commands, implemented once per deployment shape: {@link SingleMasterBackend} (standalone and
 * Sentinel: one master behind a pool) and {@link ClusterBackend} (keys spread over hash slots on several
 * masters), plus what the connection itself needs (ping, the subscriber's connection, pool eviction).
 * Methods throw Jedis exceptions; the connection classifies them.
 */
public interface RedisBackend extends RedisCommands, AutoCloseable {
  /** SET with PX when {@code ttlMillis > 0}, plain SET (no expiry) otherwise; one round trip either way. */
  static void setWithTtl(UnifiedJedis client, byte[] key, byte[] value, long ttlMillis) {
    if (ttlMillis > 0) {
      client.set(key, value, SetParams.setParams().px(ttlMillis));
    } else {
      client.set(key, value);
    }
  }

  /** EVALSHA, then EVAL once if the server lacks the script (NOSCRIPT). */
  static Object evalWithFallback(UnifiedJedis client, RedisScript script, List<byte[]> keys, List<byte[]> args) {
    try {
      return client.evalsha(script.sha1().getBytes(StandardCharsets.US_ASCII), keys, args);
    } catch (JedisNoScriptException e) {
      // First use on this server (or it restarted / failed over): EVAL runs it and caches it there.
      return client.eval(script.source().getBytes(StandardCharsets.UTF_8), keys, args);
    }
  }

  /** Creates the backend for {@code config}'s mode; Cluster contacts a seed node to learn the slots. */
  static RedisBackend create(RedisConfig config) {
    JedisClientConfig clientConfig = JedisSettings.clientConfig(config, false);
    return switch (config.mode()) {
      case STANDALONE, SENTINEL -> new SingleMasterBackend(config, clientConfig);
      case CLUSTER -> new ClusterBackend(config, clientConfig);
    };
  }

  /** The Jedis client of this deployment mode (pooled, Sentinel or Cluster). */
  @Override
  UnifiedJedis client();

  /** EVALSHA through {@link #client()}, with one EVAL when the server lacks the script. */
  @Override
  default Object eval(RedisScript script, List<byte[]> keys, List<byte[]> args) {
    return evalWithFallback(client(), script, keys, args);
  }

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
