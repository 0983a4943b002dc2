package dev.optimizer.examples.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One replica of the reference service: a child JVM on its own port, started from the test classpath. */
final class Replica implements AutoCloseable {
  private static final Pattern QUERIES = Pattern.compile("\"queries\":(\\d+)");
  private static final Pattern HEAP = Pattern.compile("\"heapUsedBytes\":(\\d+)");

  final String name;
  final int port;
  final Path log;
  private final Process process;

  private Replica(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** Starts replica {@code name}; {@link #awaitReady} waits for it. */
  static Replica start(String name, boolean optimizer, String redisUrl, Path logDir, List<String> jvmArgs)
      throws IOException {
    int port = freePort();
    Files.createDirectories(logDir);
    Path log = logDir.resolve("replica-" + name + "-" + (optimizer ? "on" : "off") + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(jvmArgs);
    // The build puts slf4j-simple on every test classpath; Boot's Logback system would refuse it.
    cmd.add("-Dorg.springframework.boot.logging.LoggingSystem=none");
    cmd.add("-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ReferenceServiceApplication.class.getName());
    cmd.add("--server.port=" + port);
    cmd.add("--ref.node=" + name);
    cmd.add("--optimizer.enabled=" + optimizer);
    cmd.add("--optimizer.redis.url=" + redisUrl);
    cmd.add("--optimizer.dashboard.port=" + freePort());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Replica(name, port, log, p);
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Waits until the replica answers, or fails with the end of its log. */
  void awaitReady(HttpClient http, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("replica " + name + " exited with " + process.exitValue() + ":\n" + tail());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/internal/stats"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("replica " + name + " not ready after " + timeout + ":\n" + tail());
  }

  /** SQL statements the replica executed so far. */
  long queries(HttpClient http) throws Exception {
    return number(stats(http), QUERIES);
  }

  /** Heap in use now, bytes. */
  long heapUsed(HttpClient http) throws Exception {
    return number(stats(http), HEAP);
  }

  private String stats(HttpClient http) throws Exception {
    return http.send(HttpRequest.newBuilder(uri("/internal/stats")).timeout(Duration.ofMinutes(3)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static long number(String json, Pattern p) {
    Matcher m = p.matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + p + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
