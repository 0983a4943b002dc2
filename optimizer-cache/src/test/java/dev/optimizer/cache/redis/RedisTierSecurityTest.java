package dev.optimizer.cache.redis;

import dev.optimizer.redis.testing.RequiresRedis;
import dev.optimizer.redis.testing.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.optimizer.cache.RedisTier;
import dev.optimizer.redis.RedisAuthenticationException;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.redis.RedisConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.exceptions.JedisAccessControlException;

/**
 * Authentication and encryption against redis-servers this test starts: an ACL user confined to the
 * namespace, wrong passwords failing at build time, and TLS with certificates generated here.
 */
@RequiresRedis
class RedisTierSecurityTest {
  private static final String ADMIN_PASSWORD = "admin-secret";
  private static RedisServerProcess server;
  private static RedisServerProcess tlsServer;
  private static String tlsUnsupported;
  private static Path certs;

  @BeforeAll
  static void startServers() throws Exception {
    server = RedisServerProcess.start("--requirepass", ADMIN_PASSWORD);
    try (Jedis admin = admin()) {
      // Only this cache namespace, for keys and for the invalidation channels.
      admin.aclSetUser("app", "on", ">app-secret", "resetkeys", "~app:cache:*", "resetchannels",
          "&app:cache:*", "-@all", "+@read", "+@write", "+@keyspace", "+@connection", "+@pubsub",
          "-@dangerous");
    }
    startTlsServer();
  }

  @AfterAll
  static void stopServers() {
    if (server != null) {
      server.close();
    }
    if (tlsServer != null) {
      tlsServer.close();
    }
    if (certs != null) {
      RedisServerProcess.deleteTree(certs);
    }
  }

  private static Jedis admin() {
    Jedis j = new Jedis(new HostAndPort("127.0.0.1", server.port()),
        DefaultJedisClientConfig.builder().password(ADMIN_PASSWORD).autoNegotiateProtocol(false).build());
    return j;
  }

  private static RedisConfig.Builder base() {
    return RedisConfig.custom().standalone("127.0.0.1", server.port());
  }

  private static RedisTier tier(RedisConfig.Builder connection, String cacheName) {
    return RedisTier.create(RedisTierConfig.custom().connection(connection.build()).cacheName(cacheName).build());
  }

  @Test
  void aclUserLimitedToNamespace_usesEveryTierOperation() throws Exception {
    try (RedisTier tier = tier(base().uri("redis://app:app-secret@127.0.0.1:" + server.port())
        .clientName("acl-test").heartbeatChannel("app:cache:__heartbeat"), "secure")) {
      tier.put("a", bytes("1"), Duration.ofMinutes(1));
      tier.putAll(Map.of("b", bytes("2"), "c", bytes("3")), Duration.ofMinutes(1));
      assertThat(tier.get("a")).isEqualTo(bytes("1"));
      assertThat(tier.getAll(List.of("a", "b", "c", "d"))).hasSize(3);
      assertThat(tier.invalidateMatching("b*")).isEqualTo(1);
      tier.invalidate("a");
      tier.invalidateAll();
      assertThat(tier.get("c")).isNull();
      List<String> got = new ArrayList<>();
      tier.invalidationBus().subscribe(m -> got.add(m.value()));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tier.stats().subscribed());
      tier.invalidationBus().publish(new dev.optimizer.cache.spi.InvalidationMessage("secure",
          dev.optimizer.cache.spi.InvalidationMessage.Kind.KEY, "x", "n"));
      assertThat(tier.stats().invalidationsSent()).isEqualTo(1);
      assertThat(tier.stats().errors()).isZero();
    }
    // The same user cannot touch keys outside the namespace: the ACL really confines it.
    try (Jedis app = new Jedis(new HostAndPort("127.0.0.1", server.port()), DefaultJedisClientConfig.builder()
        .user("app").password("app-secret").autoNegotiateProtocol(false).build())) {
      assertThatThrownBy(() -> app.set("other:key", "x")).isInstanceOf(JedisAccessControlException.class)
          .hasMessageContaining("NOPERM");
    }
  }

  @Test
  void create_wrongPassword_failsAtBuildWithClearError() {
    assertThatThrownBy(() -> tier(base().user("app").password("wrong"), "secure"))
        .isInstanceOf(RedisAuthenticationException.class)
        .hasMessageContaining("refused")
        .hasMessageContaining("user 'app'")
        .hasMessageContaining("WRONGPASS")
        .hasMessageNotContaining("wrong");
    assertThatThrownBy(() -> tier(base().password("wrong"), "secure"))
        .isInstanceOf(RedisAuthenticationException.class).hasMessageContaining("user 'default'");
  }

  @Test
  void create_missingPassword_failsAtBuildWithClearError() {
    assertThatThrownBy(() -> tier(base(), "secure"))
        .isInstanceOf(RedisAuthenticationException.class).hasMessageContaining("NOAUTH");
  }

  // ------------------------------------------------------------------ TLS

  private static void startTlsServer() throws Exception {
    certs = Files.createTempDirectory("redis-tls");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
        "-keyout", "ca.key", "-out", "ca.crt");
    Files.writeString(certs.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
        "-out", "server.csr");
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=client", "-keyout", "client.key",
        "-out", "client.csr");
    openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-out", "client.crt");
    openssl("pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-name", "client",
        "-passout", "pass:keypass", "-out", "client.p12");
    run(List.of("keytool", "-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore", "trust.p12",
        "-storepass", "trustpass", "-alias", "ca", "-file", "ca.crt"));
    // Another CA, to prove an untrusted server certificate is refused.
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=other-ca",
        "-keyout", "other.key", "-out", "other.crt");
    run(List.of("keytool", "-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore", "other.p12",
        "-storepass", "trustpass", "-alias", "ca", "-file", "other.crt"));

    int port = RedisServerProcess.freePort();
    tlsServer = RedisServerProcess.startOn(port, "--port", "0", "--tls-port", String.valueOf(port),
        "--tls-cert-file", certs.resolve("server.crt").toString(),
        "--tls-key-file", certs.resolve("server.key").toString(),
        "--tls-ca-cert-file", certs.resolve("ca.crt").toString(), "--tls-auth-clients", "yes");
    try {
      tlsServer.awaitPing(DefaultJedisClientConfig.builder().autoNegotiateProtocol(false)
          .sslOptions(SslOptions.builder().truststore(certs.resolve("trust.p12").toFile(), "trustpass".toCharArray())
              .keystore(certs.resolve("client.p12").toFile(), "keypass".toCharArray())
              .sslVerifyMode(SslVerifyMode.FULL).build()).build());
    } catch (IOException e) {
      String log = tlsServer.logText();
      if (log.contains("Bad directive") || log.contains("not compiled") || log.contains("TLS support")) {
        tlsUnsupported = "this redis-server has no TLS support: " + log.lines().filter(l -> !l.isBlank())
            .reduce((a, b) -> b).orElse("");
        tlsServer.close();
        tlsServer = null;
        return;
      }
      throw e;
    }
  }

  private static void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    run(cmd);
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(certs.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  private static RedisConfig.Builder tls() {
    assumeThat(tlsUnsupported).as("Skipping TLS test: %s", tlsUnsupported).isNull();
    return RedisConfig.custom().uri("rediss://127.0.0.1:" + tlsServer.port())
        .keyStore(certs.resolve("client.p12"), "keypass", "PKCS12");
  }

  @Test
  void tls_mutualWithTrustAndKeyStore_roundTrips() {
    try (RedisTier tier = tier(tls().trustStore(certs.resolve("trust.p12"), "trustpass", "PKCS12"), "tls")) {
      tier.put("k", bytes("over tls"), Duration.ofMinutes(1));
      assertThat(tier.get("k")).isEqualTo(bytes("over tls"));
      assertThat(tier.stats().errors()).isZero();
      tier.invalidateAll();
    }
  }

  @Test
  void tls_untrustedServerCertificate_failsAtBuildWithClearError() {
    assertThatThrownBy(() -> tier(tls().trustStore(certs.resolve("other.p12"), "trustpass", "PKCS12"), "tls"))
        .isInstanceOf(RedisAuthenticationException.class)
        .hasMessageContaining("tls=true");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
