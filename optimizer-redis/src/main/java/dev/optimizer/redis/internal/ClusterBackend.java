package dev.optimizer.redis.internal;

import dev.optimizer.redis.RedisConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Redis Cluster: single-key commands routed by slot; bulk commands grouped by slot (MGET cannot span
 * slots) and pipelined, one round trip per master; SCAN run on every master.
 */
final class ClusterBackend implements RedisBackend {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBackend.class);
  private static final int MAX_ATTEMPTS = 3;

  private final RedisConfig config;
  private final JedisClientConfig clientConfig;
  private final RedisClusterClient client;
  private final java.util.concurrent.atomic.AtomicInteger publishRotation = new java.util.concurrent.atomic.AtomicInteger();

  ClusterBackend(RedisConfig config, JedisClientConfig clientConfig) {
    this.config = config;
    this.clientConfig = clientConfig;
    this.client = RedisClusterClient.builder()
        .nodes(JedisSettings.hosts(config))
        .clientConfig(clientConfig)
        .poolConfig(JedisSettings.poolConfig(config))
        .maxAttempts(MAX_ATTEMPTS)
        // Redirections (MOVED/ASK) need retries, but they must stay inside the call budget.
        .maxTotalRetriesDuration(config.roundTripBound())
        .build();
  }

  @Override
  public byte[] get(byte[] key) {
    return client.get(key);
  }

  @Override
  public List<byte[]> getAll(List<byte[]> keys, int chunk) {
    Map<Integer, List<Integer>> bySlot = groupBySlot(keys);
    if (bySlot.size() == 1 && keys.size() <= chunk) {
      return client.mget(keys.toArray(new byte[0][]));
    }
    byte[][] values = new byte[keys.size()][];
    List<Response<List<byte[]>>> responses = new ArrayList<>();
    List<List<Integer>> positions = new ArrayList<>();
    try (ClusterPipeline p = client.pipelined()) {
      for (List<Integer> slotKeys : bySlot.values()) {
        for (int from = 0; from < slotKeys.size(); from += chunk) {
          List<Integer> part = slotKeys.subList(from, Math.min(slotKeys.size(), from + chunk));
          byte[][] partKeys = new byte[part.size()][];
          for (int i = 0; i < part.size(); i++) {
            partKeys[i] = keys.get(part.get(i));
          }
          responses.add(p.mget(partKeys));
          positions.add(part);
        }
      }
      p.sync();
    }
    for (int r = 0; r < responses.size(); r++) {
      List<byte[]> found = responses.get(r).get();
      List<Integer> pos = positions.get(r);
      for (int i = 0; i < pos.size(); i++) {
        values[pos.get(i)] = found.get(i);
      }
    }
    return java.util.Arrays.asList(values);
  }

  @Override
  public void set(byte[] key, byte[] value, long ttlMillis) {
    RedisBackend.setWithTtl(client, key, value, ttlMillis);
  }

  @Override
  public void setAll(List<byte[]> keys, List<byte[]> values, long ttlMillis) {
    List<Response<String>> responses = new ArrayList<>(keys.size());
    try (ClusterPipeline p = client.pipelined()) {
      for (int i = 0; i < keys.size(); i++) {
        responses.add(ttlMillis > 0
            ? p.set(keys.get(i), values.get(i), SetParams.setParams().px(ttlMillis))
            : p.set(keys.get(i), values.get(i)));
      }
      p.sync();
    }
    for (Response<String> r : responses) {
      r.get();
    }
  }

  @Override
  public void unlink(byte[] key) {
    client.unlink(key);
  }

  @Override
  public long unlinkMatching(byte[] match, int scanCount) {
    long removed = 0;
    ScanParams params = new ScanParams().match(match).count(scanCount);
    for (Map.Entry<String, ConnectionPool> node : client.getClusterNodes().entrySet()) {
      try (Connection connection = node.getValue().getResource()) {
        Jedis jedis = new Jedis(connection);
        if (!isMaster(jedis)) {
          continue;
        }
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        do {
          ScanResult<byte[]> page = jedis.scan(cursor, params);
          removed += unlinkOnNode(jedis, page.getResult());
          cursor = page.getCursorAsBytes();
        } while (!ScanCursor.isEnd(cursor));
      }
    }
    return removed;
  }

  private static boolean isMaster(Jedis jedis) {
    List<Object> role = jedis.role();
    Object first = role.isEmpty() ? null : role.get(0);
    String name = first instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(first);
    return "master".equalsIgnoreCase(name);
  }

  /** UNLINK cannot span slots even on one node, so one UNLINK per slot, all pipelined. */
  private static long unlinkOnNode(Jedis jedis, List<byte[]> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    Map<Integer, List<Integer>> bySlot = groupBySlot(keys);
    List<Response<Long>> responses = new ArrayList<>(bySlot.size());
    Pipeline p = jedis.pipelined();
    for (List<Integer> slotKeys : bySlot.values()) {
      byte[][] batch = new byte[slotKeys.size()][];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = keys.get(slotKeys.get(i));
      }
      responses.add(p.unlink(batch));
    }
    p.sync();
    long removed = 0;
    for (Response<Long> r : responses) {
      removed += r.get();
    }
    return removed;
  }

  private static Map<Integer, List<Integer>> groupBySlot(List<byte[]> keys) {
    Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      bySlot.computeIfAbsent(JedisClusterCRC16.getSlot(keys.get(i)), s -> new ArrayList<>()).add(i);
    }
    return bySlot;
  }

  @Override
  public void publish(byte[] channel, byte[] message) {
    // The cluster bus forwards a PUBLISH to every node, so any node will do; rotating spreads the load
    // and steps past a node that just failed.
    ConnectionPool pool = anyNode(publishRotation.getAndIncrement());
    try (Connection connection = pool.getResource()) {
      connection.executeCommand(new CommandArguments(Protocol.Command.PUBLISH).add(channel).add(message));
    }
  }

  @Override
  public UnifiedJedis client() {
    return client;
  }

  @Override
  public void ping() {
    try (Connection connection = anyNode(0).getResource()) {
      if (!connection.ping()) {
        throw new redis.clients.jedis.exceptions.JedisConnectionException("PING got no PONG");
      }
    }
  }

  private ConnectionPool anyNode(int attempt) {
    List<ConnectionPool> pools = new ArrayList<>(client.getClusterNodes().values());
    if (pools.isEmpty()) {
      throw new redis.clients.jedis.exceptions.JedisClusterOperationException("no cluster node known");
    }
    return pools.get(Math.floorMod(attempt, pools.size()));
  }

  @Override
  public Connection newSubscriberConnection(int attempt) {
    List<String> nodes = new ArrayList<>(client.getClusterNodes().keySet());
    if (nodes.isEmpty()) {
      nodes = config.endpoints();
    }
    return JedisSettings.connect(HostAndPort.from(nodes.get(Math.floorMod(attempt, nodes.size()))),
        clientConfig);
  }

  @Override
  public void evictIdleConnections() {
    for (ConnectionPool pool : client.getClusterNodes().values()) {
      try {
        pool.clear();
      } catch (RuntimeException e) {
        LOG.debug("evicting idle cluster connections failed", e);
      }
    }
  }

  @Override
  public JedisClientConfig clientConfig() {
    return clientConfig;
  }

  @Override
  public String describe() {
    return "cluster " + config.endpoints();
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (RuntimeException e) {
      LOG.debug("closing {} failed", describe(), e);
    }
  }
}
