package dev.optimizer.bench.limit;

import dev.optimizer.bench.redis.RedisRateLimitBench;
import dev.optimizer.limit.RateLimiter;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import io.github.bucket4j.distributed.BucketProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.RedisClient;

/**
 * Redis commands per rate-limit decision, ours against Bucket4j's Jedis proxy manager, on a private
 * {@code redis-server} this class starts (so that no other client's commands are counted). Two counts per
 * implementation over the same decisions: {@code INFO commandstats} deltas, which include the commands a
 * Lua script runs inside Redis, and {@code MONITOR}, which tells the commands the client sent (round trips)
 * from those a script ran ({@code [0 lua]}). Target (issue 16): exactly 1 command sent per decision.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar dev.optimizer.bench.limit.RedisCommandCount [decisions]}
 */
public final class RedisCommandCount {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCommandCount.class);
  private static final String SERVER = System.getenv().getOrDefault("REDIS_SERVER", "/usr/bin/redis-server");

  private RedisCommandCount() {}

  /**
   * What one implementation sent.
   *
   * @param impl the implementation
   * @param decisions decisions made
   * @param sent commands the client sent, by name (MONITOR, script-internal ones excluded)
   * @param commandstats {@code INFO commandstats} call deltas by command (script-internal ones included)
   */
  public record Count(String impl, int decisions, Map<String, Long> sent, Map<String, Long> commandstats) {
    /** Commands sent per decision. */
    public double sentPerDecision() {
      return sent.values().stream().mapToLong(Long::longValue).sum() / (double) decisions;
    }

    /** Commandstats calls per decision. */
    public double commandstatsPerDecision() {
      return commandstats.values().stream().mapToLong(Long::longValue).sum() / (double) decisions;
    }
  }

  /** Whether a redis-server binary is there to start. */
  public static boolean serverInstalled() {
    return Files.isExecutable(Path.of(SERVER));
  }

  /** Counts {@code decisions} decisions of each implementation on a private redis-server. */
  public static List<Count> measure(int decisions) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("limit-count");
    Process server = new ProcessBuilder(SERVER, "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
        "--dir", dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    try {
      String url = "redis://127.0.0.1:" + port;
      awaitPing(port);
      List<Count> out = new ArrayList<>();
      try (RedisConnection connection = RedisConnection.create(RedisConfig.custom().uri(url).build())) {
        RateLimiter ours = RedisRateLimitBench.oursOn(connection, "count");
        out.add(count("OPTIMIZER_REDIS", port, decisions, () -> ours.tryAcquire("client").allowed()));
      }
      try (RedisClient jedis = RedisClient.builder().fromURI(url).build()) {
        BucketProxy bucket = RedisRateLimitBench.bucket4jOn(jedis, "count");
        out.add(count("BUCKET4J_JEDIS", port, decisions, () -> bucket.tryConsume(1)));
      }
      return out;
    } finally {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitPing(int port) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Jedis j = new Jedis("127.0.0.1", port)) {
        j.ping();
        return;
      } catch (RuntimeException e) {
        Thread.sleep(25); // a child process starting, not a test's time
      }
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer");
  }

  /** One decision. */
  @FunctionalInterface
  private interface Decision {
    boolean decide();
  }

  private static Count count(String impl, int port, int decisions, Decision decision) throws Exception {
    for (int i = 0; i < 10; i++) {
      decision.decide(); // loads scripts, creates state
    }
    List<String> lines = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    Jedis monitorConnection = new Jedis("127.0.0.1", port);
    Thread monitor = new Thread(() -> {
      try {
        monitorConnection.monitor(new JedisMonitor() {
          @Override
          public void onCommand(String command) {
            if (command.contains("\"count-start\"")) {
              started.countDown();
            } else if (command.contains("\"count-end\"")) {
              ended.countDown();
            } else if (started.getCount() == 0 && ended.getCount() == 1) {
              synchronized (lines) {
                lines.add(command);
              }
            }
          }
        });
      } catch (RuntimeException closed) {
        LOG.debug("monitor closed: {}", closed.toString());
      }
    }, "limit-count-monitor");
    monitor.setDaemon(true);
    monitor.start();
    Thread.sleep(200); // let MONITOR attach before the marker
    Map<String, Long> before;
    try (Jedis control = new Jedis("127.0.0.1", port)) {
      control.echo("count-start");
      started.await(10, TimeUnit.SECONDS);
      before = commandstats(control);
      for (int i = 0; i < decisions; i++) {
        decision.decide();
      }
      Map<String, Long> after = commandstats(control);
      control.echo("count-end");
      ended.await(10, TimeUnit.SECONDS);
      monitorConnection.close();
      Map<String, Long> delta = new TreeMap<>();
      after.forEach((k, v) -> {
        long d = v - before.getOrDefault(k, 0L);
        if (d > 0 && !k.equals("info") && !k.equals("echo")) {
          delta.put(k, d);
        }
      });
      Map<String, Long> sent = new TreeMap<>();
      synchronized (lines) {
        for (String line : lines) {
          if (line.contains(" lua]")) {
            continue;
          }
          int q = line.indexOf('"');
          String name = line.substring(q + 1, line.indexOf('"', q + 1)).toLowerCase(java.util.Locale.ROOT);
          if (!name.equals("info")) {
            sent.merge(name, 1L, Long::sum);
          }
        }
      }
      return new Count(impl, decisions, sent, delta);
    }
  }

  private static Map<String, Long> commandstats(Jedis jedis) {
    Map<String, Long> calls = new LinkedHashMap<>();
    for (String line : jedis.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String v = line.substring(line.indexOf("calls=") + 6);
        calls.put(line.substring(8, line.indexOf(':')), Long.parseLong(v.substring(0, v.indexOf(','))));
      }
    }
    return calls;
  }

  /** Prints the counts as a Markdown table. */
  public static void main(String[] args) throws Exception {
    int decisions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    if (!serverInstalled()) {
      System.err.println("no redis-server at " + SERVER + " (set REDIS_SERVER)");
      return;
    }
    System.out.println(markdown(measure(decisions)));
  }

  /** The counts as a Markdown table. */
  public static String markdown(List<Count> counts) {
    StringBuilder b = new StringBuilder("| implementation | decisions | commands sent / decision | sent (MONITOR) | "
        + "commandstats calls / decision | commandstats deltas |\n|---|---:|---:|---|---:|---|\n");
    for (Count c : counts) {
      b.append(String.format(java.util.Locale.ROOT, "| %s | %d | %.2f | %s | %.2f | %s |%n", c.impl(), c.decisions(),
          c.sentPerDecision(), c.sent(), c.commandstatsPerDecision(), c.commandstats()));
    }
    return b.toString();
  }
}
