package dev.optimizer.redis.internal;

import dev.optimizer.redis.RedisConfig;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/** Turns a {@link RedisConfig} into Jedis client and pool settings. */
final class JedisSettings {
  private JedisSettings() {}

  /**
   * Connection settings: timeouts, credentials, database, client name, TLS. {@code sentinel} selects
   * the sentinels' own credentials and database 0.
   */
  static JedisClientConfig clientConfig(RedisConfig config, boolean sentinel) {
    DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis(config.connectTimeout()))
        .socketTimeoutMillis(millis(config.socketTimeout()))
        // CLIENT SETINFO costs two extra round trips per new connection and is refused by Redis < 7.2;
        // reconnecting fast after an outage matters more than the library tag in CLIENT LIST.
        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
    if (sentinel) {
      // Sentinels are reached through the classic Jedis client, which speaks RESP2 only.
      b.autoNegotiateProtocol(false);
      config.sentinelUser().ifPresent(b::user);
      config.sentinelPassword().ifPresent(b::password);
    } else {
      // RESP2 on every connection. Under RESP3 (auto-negotiated with Redis 6+) a PING on a subscribed
      // connection is answered with a plain +PONG, which Jedis 8 matches against a handler queued only
      // after the PING was flushed: when the reply wins that race the subscriber fails with "Unexpected
      // message : PONG" (issue 11 item 1). RESP2 keeps pub/sub replies in their own array shape.
      b.protocol(RedisProtocol.RESP2);
      config.user().ifPresent(b::user);
      config.password().ifPresent(b::password);
      b.database(config.database());
      config.clientName().ifPresent(b::clientName);
    }
    if (config.tls()) {
      SslOptions.Builder ssl = SslOptions.builder()
          .sslVerifyMode(config.verifyHostname() ? SslVerifyMode.FULL : SslVerifyMode.CA);
      config.trustStore().ifPresent(p -> ssl.truststore(p.toFile(),
          config.trustStorePassword().map(String::toCharArray).orElse(null))
          .trustStoreType(config.trustStoreType()));
      config.keyStore().ifPresent(p -> ssl.keystore(p.toFile(),
          config.keyStorePassword().map(String::toCharArray).orElse(null))
          .keyStoreType(config.keyStoreType()));
      b.sslOptions(ssl.build()); // sslOptions turns TLS on (ssl(boolean) is deprecated)
    }
    return b.build();
  }

  /** Pool bounded by the pool size, borrowing waits at most the borrow timeout; no JMX, no evictor. */
  static ConnectionPoolConfig poolConfig(RedisConfig config) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(config.poolSize());
    pool.setMaxIdle(config.poolSize());
    pool.setMinIdle(0);
    pool.setJmxEnabled(false);
    pool.setTestOnBorrow(false);
    pool.setTestWhileIdle(false);
    // Not fair: a fair pool hands every connection to the longest waiter through a lock convoy, which cut
    // 64 callers' throughput on 16 connections from about 120k to 14k ops/s on this machine.
    pool.setFairness(false);
    Duration borrow = config.borrowTimeout();
    pool.setBlockWhenExhausted(!borrow.isZero());
    pool.setMaxWait(borrow.isZero() ? Duration.ofMillis(1) : borrow);
    return pool;
  }

  static Set<HostAndPort> hosts(RedisConfig config) {
    Set<HostAndPort> hosts = new LinkedHashSet<>();
    for (String e : config.endpoints()) {
      hosts.add(HostAndPort.from(e));
    }
    return hosts;
  }

  /** A fresh connection outside any pool; the constructor connects and authenticates. */
  static Connection connect(HostAndPort host, JedisClientConfig clientConfig) {
    return new Connection(host, clientConfig);
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
