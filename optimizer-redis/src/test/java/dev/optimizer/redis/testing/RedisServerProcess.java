package dev.optimizer.redis.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A {@code redis-server} child process started by a test on a free port, without persistence, that the
 * test can SIGKILL and restart on the same port. Close it in {@code @AfterAll}.
 */
public final class RedisServerProcess implements AutoCloseable {
  public static final String BINARY = System.getenv().getOrDefault("REDIS_SERVER", "/usr/bin/redis-server");
  public static final String CLI = System.getenv().getOrDefault("REDIS_CLI", "/usr/bin/redis-cli");

  private final int port;
  private final List<String> extraArgs;
  private final Path dir;
  private final Path log;
  private Process process;

  private RedisServerProcess(int port, List<String> extraArgs) throws IOException {
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
    this.dir = Files.createTempDirectory("redis-test-" + port);
    this.log = dir.resolve("redis.log");
  }

  /**
   * Skips the calling test class (aborts it) when {@code redis-server} (and {@code redis-cli} if asked)
   * cannot be run here, with a message; fails instead when {@code CI=true}.
   */
  public static void assumeInstalled(boolean needsCli) {
    String missing = null;
    if (!new File(BINARY).canExecute()) {
      missing = BINARY + " (set REDIS_SERVER)";
    } else if (needsCli && !new File(CLI).canExecute()) {
      missing = CLI + " (set REDIS_CLI)";
    }
    if (missing == null) {
      return;
    }
    if (RedisAvailableCondition.isCi()) {
      throw new IllegalStateException("cannot start test Redis servers: missing " + missing + "; CI=true");
    }
    Assumptions.abort("Skipping: cannot start test Redis servers, missing " + missing);
  }

  /** Starts a server on a free port with {@code extraArgs} and waits until it answers PING. */
  public static RedisServerProcess start(String... extraArgs) throws IOException {
    assumeInstalled(false);
    RedisServerProcess p = new RedisServerProcess(freePort(), List.of(extraArgs));
    p.startProcess();
    try {
      p.awaitPing(null);
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** Starts on {@code port} (already chosen) without waiting for PING (e.g. TLS-only servers). */
  public static RedisServerProcess startOn(int port, String... extraArgs) throws IOException {
    assumeInstalled(false);
    RedisServerProcess p = new RedisServerProcess(port, List.of(extraArgs));
    p.startProcess();
    return p;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  private void startProcess() throws IOException {
    List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no"));
    cmd.addAll(extraArgs);
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits until the server answers PING (with {@code config} for TLS/auth, or plain). */
  public void awaitPing(JedisClientConfig config) throws IOException {
    JedisClientConfig c = config != null ? config
        : DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(500)
        .autoNegotiateProtocol(false).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server on port " + port + " exited: " + Files.readString(log));
      }
      try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port), c)) {
        j.ping();
        return;
      } catch (JedisDataException e) {
        return; // an error reply (NOAUTH...) still proves the server is up
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    throw new IOException("redis-server on port " + port + " did not answer: " + last + "\n" + Files.readString(log));
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Sends SIGSTOP (freeze: connections stay open, nothing answers) or SIGCONT. */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** Starts again on the same port (empty, no persistence) and waits for PING. */
  public void restart() throws IOException {
    startProcess();
    awaitPing(null);
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      try {
        signal("CONT"); // a frozen process must be able to take the kill
      } catch (IOException e) {
        // destroyForcibly below still applies
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deleteTree(dir);
  }

  /** Deletes a test's temporary directory; leftovers are only litter, so failures are ignored. */
  public static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temp directory left behind does not affect any test
    }
  }
}
