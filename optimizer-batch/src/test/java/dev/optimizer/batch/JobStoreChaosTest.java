package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three worker JVMs and one submitter JVM on the real Redis; a worker is SIGKILLed every 5 to 20 s and
 * restarted; one worker is SIGSTOPped in the middle of a batch for longer than its lease, then SIGCONTed.
 * Every job must end, with every item's result; a batch may run twice only after its lease expired; the
 * frozen worker's late completion is rejected; and this JVM, which runs nothing, reads the same status as
 * the submitter (issue 15). The default build runs 40 jobs; {@code -Psoak} runs 200.
 */
@RequiresRedis
class JobStoreChaosTest {
  private static final Pattern STATS = Pattern.compile("STATS taken=(\\d+) completed=(\\d+) reclaims=(\\d+) "
      + "stale=(\\d+) expired=(\\d+)");

  @Test
  void fortyJobs_workersKilledAndOneFrozen_everyJobEndsWithEveryResult() throws Exception {
    run(40, 700);
  }

  @Test
  @Tag("soak")
  void twoHundredJobs_workersKilledAndOneFrozen_everyJobEndsWithEveryResult() throws Exception {
    run(200, 600);
  }

  /** One child JVM and the lines it printed. */
  private static final class Child {
    final String node;
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Thread reader;

    Child(String node, Process process) {
      this.node = node;
      this.process = process;
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the child was killed: what it printed so far is kept
        }
      }, "chaos-reader-" + node);
      t.setDaemon(true);
      t.start();
      this.reader = t;
    }

    /** True while the process runs; once it ended, after its output was read to the end. */
    boolean alive() throws InterruptedException {
      if (process.isAlive()) {
        return true;
      }
      reader.join(10_000);
      return false;
    }

    boolean printed(String prefix) {
      return lines.stream().anyMatch(l -> l.startsWith(prefix));
    }

    long[] lastStats() {
      for (int i = lines.size() - 1; i >= 0; i--) {
        Matcher m = STATS.matcher(lines.get(i));
        if (m.matches()) {
          return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
              Long.parseLong(m.group(4)), Long.parseLong(m.group(5))};
        }
      }
      return new long[5];
    }
  }

  private static Child spawn(String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        StoreChaosNode.class.getName()));
    cmd.addAll(List.of(args));
    File err = new File(System.getProperty("java.io.tmpdir"), "chaos-" + args[2] + "-" + args[3] + ".log");
    Process p = new ProcessBuilder(cmd).redirectError(err).start();
    return new Child(args[3], p);
  }

  private static void signal(Process p, String sig) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + sig).isTrue();
  }

  private static void awaitLine(Child c, String prefix, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!c.printed(prefix)) {
      assertThat(c.alive() || c.printed(prefix)).as(c.node + " exited early").isTrue();
      assertThat(System.nanoTime() < deadline).as(c.node + " printed no " + prefix).isTrue();
      Thread.sleep(20);
    }
  }

  private void run(int jobs, long paceMillis) throws Exception {
    String url = RedisAvailableCondition.redisUrl();
    String ns = "chaos-" + UUID.randomUUID();
    long seed = System.nanoTime();
    Random random = new Random(seed);
    long start = System.nanoTime();
    List<Child> all = new ArrayList<>();
    Child[] workers = new Child[3];
    int kills = 0;
    RedisConnection redis = RedisConnection.create(url);
    BatchProcessor reader = BatchProcessor.create(BatchConfig.custom().name("reader")
        .jobStore(RedisJobStore.create(redis, StoreChaosNode.storeConfig(ns, "reader").build())).build());
    try {
      for (int i = 0; i < 3; i++) {
        workers[i] = spawn("worker", url, ns, "w" + i + "-0");
        all.add(workers[i]);
      }
      for (Child w : workers) {
        awaitLine(w, "READY", 60);
      }
      Child submitter = spawn("submit", url, ns, "submitter", Integer.toString(jobs), Long.toString(seed),
          Long.toString(paceMillis));
      all.add(submitter);

      // Freeze worker 0 right after it starts a slow batch (items of 40-60 ms: 10 of them outlast the pause
      // before the freeze), for the lease plus 2 s, then let it go on.
      Child frozen = workers[0];
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int seen = 0;
      boolean froze = false;
      while (!froze && System.nanoTime() < deadline) {
        List<String> lines = frozen.lines;
        for (int i = seen; i < lines.size(); i++) {
          String l = lines.get(i);
          if (l.startsWith("RUN ") && Integer.parseInt(l.substring(l.lastIndexOf(':') + 1)) >= 40) {
            signal(frozen.process, "STOP");
            froze = true;
            break;
          }
        }
        seen = lines.size();
        Thread.sleep(2);
      }
      assertThat(froze).as("worker 0 started a slow batch").isTrue();
      Thread.sleep(StoreChaosNode.LEASE.toMillis() + 2000);
      signal(frozen.process, "CONT");

      // The first kill comes soon (so that even the short run has one), then one every 5 to 20 s.
      long nextKill = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5000 + random.nextInt(3000));
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(jobs > 100 ? 15 : 4);
      int generation = 1;
      while (!submitter.printed("ALL-RESULTS")) {
        assertThat(System.nanoTime() < end).as("every job ended in time").isTrue();
        assertThat(submitter.alive() || submitter.printed("ALL-RESULTS")).as("submitter alive").isTrue();
        if (System.nanoTime() - nextKill > 0) {
          int victim = 1 + random.nextInt(2); // worker 0 is the frozen one; its stats must survive
          workers[victim].process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          kills++;
          workers[victim] = spawn("worker", url, ns, "w" + victim + "-" + generation++);
          all.add(workers[victim]);
          nextKill = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5000 + random.nextInt(15_000));
        }
        Thread.sleep(50);
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

      // Every job final, every item's result present, and this JVM reads what the submitter saw.
      Map<Long, Integer> sizes = new HashMap<>();
      Map<Long, String> submitterView = new HashMap<>();
      for (String l : submitter.lines) {
        String[] p = l.split(" ");
        if (p[0].equals("SUBMITTED")) {
          sizes.put(Long.parseLong(p[1]), Integer.parseInt(p[2]));
        } else if (p[0].equals("RESULT")) {
          submitterView.put(Long.parseLong(p[1]), p[2] + " " + p[3]);
        }
      }
      assertThat(sizes).hasSize(jobs);
      long duplicateRuns = 0;
      long reclaimsInStore = 0;
      long staleInStore = 0;
      Map<String, Integer> runs = new ConcurrentHashMap<>();
      for (Child c : all) {
        for (String l : c.lines) {
          if (l.startsWith("RUN ")) {
            String first = l.substring(4, l.lastIndexOf(':'));
            runs.merge(first, 1, Integer::sum);
          }
        }
      }
      for (Map.Entry<Long, Integer> job : sizes.entrySet()) {
        long id = job.getKey();
        JobResult<?> r = reader.results(id).orElseThrow();
        assertThat(r.status()).as("job " + id).isEqualTo(JobStatus.COMPLETED);
        assertThat(r.values()).hasSize(job.getValue());
        String tag = null;
        for (int i = 0; i < r.values().size(); i++) {
          byte[] raw = (byte[]) r.values().get(i); // this JVM knows no codec for the handler: stored bytes
          assertThat(raw).as("job " + id + " item " + i).isNotNull();
          String v = new String(raw, StandardCharsets.UTF_8);
          assertThat(v).as("job " + id + " item " + i).isNotNull().endsWith("!");
          String[] parts = v.split(":");
          assertThat(Integer.parseInt(parts[1])).isEqualTo(i);
          tag = parts[0];
        }
        assertThat(submitterView.get(id)).isEqualTo(r.status() + " " + r.succeeded());
        assertThat(reader.status(id)).contains(r.status());
        Map<String, String> hash = redis.execute("read", c -> c.client().hgetAll("{" + ns + "}:job:" + id));
        staleInStore += Long.parseLong(hash.getOrDefault("stale", "0"));
        int batches = (job.getValue() + 9) / 10;
        for (int b = 0; b < batches; b++) {
          int ran = runs.getOrDefault(tag + ":" + (b * 10), 0);
          long reclaimed = Long.parseLong(hash.getOrDefault("rc:" + b, "0"));
          reclaimsInStore += reclaimed;
          assertThat(ran).as("job " + id + " batch " + b + " ran").isGreaterThanOrEqualTo(1);
          // A second run only after a takeover of an expired lease (counted by the take script).
          assertThat(ran - 1L).as("job " + id + " batch " + b + " extra runs vs expired-lease takeovers")
              .isLessThanOrEqualTo(reclaimed);
          duplicateRuns += ran - 1;
        }
      }
      long frozenStale = frozen.lastStats()[3];
      assertThat(frozen.process.isAlive()).isTrue();
      assertThat(frozenStale).as("the frozen worker's late completion was rejected").isGreaterThanOrEqualTo(1);
      assertThat(staleInStore).isGreaterThanOrEqualTo(frozenStale);
      System.out.printf("CHAOS jobs=%d seconds=%d kills=%d duplicateRuns=%d reclaims=%d staleRejected=%d "
          + "frozenWorkerStale=%d seed=%d%n", jobs, seconds, kills, duplicateRuns, reclaimsInStore, staleInStore,
          frozenStale, seed);
    } finally {
      for (Child c : all) {
        c.process.destroyForcibly();
      }
      reader.closeNow();
      redis.execute("cleanup", c -> c.unlinkMatching(("{" + ns + "}:*").getBytes(), 500));
      redis.close();
    }
  }
}
