package dev.optimizer.redis.internal;

import dev.optimizer.redis.RedisConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.Pool;

/** Standalone (pooled {@link RedisClient}) or Sentinel ({@link RedisSentinelClient}): one master. */
final class SingleMasterBackend implements RedisBackend {
  private static final Logger LOG = LoggerFactory.getLogger(SingleMasterBackend.class);
  private final RedisConfig config;
  private final JedisClientConfig clientConfig;
  private final UnifiedJedis client;
  private final boolean sentinel;

  SingleMasterBackend(RedisConfig config, JedisClientConfig clientConfig) {
    this.config = config;
    this.clientConfig = clientConfig;
    this.sentinel = config.mode() == RedisConfig.Mode.SENTINEL;
    if (sentinel) {
      this.client = RedisSentinelClient.builder()
          .masterName(config.masterName().orElseThrow())
          .sentinels(JedisSettings.hosts(config))
          .clientConfig(clientConfig)
          .sentinelClientConfig(JedisSettings.clientConfig(config, true))
          .poolConfig(JedisSettings.poolConfig(config))
          .build();
    } else {
      this.client = RedisClient.builder()
          .hostAndPort(HostAndPort.from(config.endpoints().get(0)))
          .clientConfig(clientConfig)
          .poolConfig(JedisSettings.poolConfig(config))
          .build();
    }
  }

  @Override
  public byte[] get(byte[] key) {
    return client.get(key);
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keys, int chunk) {
    if (keys.size() <= chunk) {
      return client.mget(keys.toArray(new byte[0][]));
    }
    List<Response<List<byte[]>>> responses = new ArrayList<>();
    try (AbstractPipeline p = client.pipelined()) {
      for (int from = 0; from < keys.size(); from += chunk) {
        List<byte[]> part = keys.subList(from, Math.min(keys.size(), from + chunk));
        responses.add(p.mget(part.toArray(new byte[0][])));
      }
      p.sync();
    }
    List<byte[]> values = new ArrayList<>(keys.size());
    for (Response<List<byte[]>> r : responses) {
      values.addAll(r.get());
    }
    return values;
  }

  @Override
  public void set(byte[] key, byte[] value, long ttlMillis) {
    RedisBackend.setWithTtl(client, key, value, ttlMillis);
  }

  @Override
  public void setAll(List<byte[]> keys, List<byte[]> values, long ttlMillis) {
    if (keys.size() == 1) {
      set(keys.get(0), values.get(0), ttlMillis);
      return;
    }
    List<Response<String>> responses = new ArrayList<>(keys.size());
    try (AbstractPipeline p = client.pipelined()) {
      for (int i = 0; i < keys.size(); i++) {
        responses.add(ttlMillis > 0
            ? p.set(keys.get(i), values.get(i), SetParams.setParams().px(ttlMillis))
            : p.set(keys.get(i), values.get(i)));
      }
      p.sync();
    }
    for (Response<String> r : responses) {
      r.get(); // rethrows a per-command error (e.g. OOM) instead of reporting success
    }
  }

  @Override
  public void unlink(byte[] key) {
    client.unlink(key);
  }

  @Override
  public long unlinkMatching(byte[] match, int scanCount) {
    ScanParams params = new ScanParams().match(match).count(scanCount);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    long removed = 0;
    do {
      ScanResult<byte[]> page = client.scan(cursor, params);
      List<byte[]> keys = page.getResult();
      if (!keys.isEmpty()) {
        removed += client.unlink(keys.toArray(new byte[0][]));
      }
      cursor = page.getCursorAsBytes();
    } while (!ScanCursor.isEnd(cursor));
    return removed;
  }

  @Override
  public void publish(byte[] channel, byte[] message) {
    client.publish(channel, message);
  }

  @Override
  public UnifiedJedis client() {
    return client;
  }

  @Override
  public void ping() {
    client.ping();
  }

  @Override
  public Connection newSubscriberConnection(int attempt) {
    HostAndPort master = sentinel
        ? ((RedisSentinelClient) client).getCurrentMaster()
        : HostAndPort.from(config.endpoints().get(0));
    return JedisSettings.connect(master, clientConfig);
  }

  @Override
  public void evictIdleConnections() {
    try {
      if (client instanceof RedisClient standalone) {
        standalone.getPool().clear();
      } else if (client instanceof RedisSentinelClient s) {
        for (Map.Entry<?, Pool<Connection>> e : s.getPrimaryNodesConnectionMap().entrySet()) {
          e.getValue().clear();
        }
      }
    } catch (RuntimeException e) {
      // Only an optimisation before a probe: the probe itself reports whether Redis is back.
      LOG.debug("evicting idle connections of {} failed", describe(), e);
    }
  }

  @Override
  public JedisClientConfig clientConfig() {
    return clientConfig;
  }

  @Override
  public String describe() {
    return sentinel
        ? "sentinel " + config.masterName().orElse("?") + "@" + config.endpoints()
        : "redis " + config.endpoints().get(0);
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (RuntimeException e) {
      // Closing a pool whose server is gone may fail; nothing is left to release.
      LOG.debug("closing {} failed", describe(), e);
    }
  }
}
