package dev.optimizer.batch;

import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of {@link JobStoreChaosTest}: a worker ({@code worker <url> <namespace> <node>}) that runs the
 * {@code chaos} handler and prints one {@code RUN <first item>} line per batch run and a {@code STATS} line
 * twice a second; or the submitter ({@code submit <url> <namespace> <node> <jobs> <seed> <paceMillis>}) that
 * submits the jobs, prints {@code SUBMITTED <id> <items>}, and then {@code RESULT <id> <status> <done>} as
 * each ends, read through its own handles.
 *
 * <p>An item is {@code <job tag>:<index>:<cost ms>}; the handler sleeps the cost and returns the item with
 * {@code !} appended, so the parent can check every result.
 */
public final class StoreChaosNode {
  static final Duration LEASE = Duration.ofSeconds(2);

  private StoreChaosNode() {}

  static RedisJobStoreConfig.Builder storeConfig(String namespace, String node) {
    return RedisJobStoreConfig.custom().namespace(namespace).nodeId(node).lease(LEASE)
        .renewInterval(Duration.ofMillis(500)).reclaimInterval(Duration.ofMillis(500)).maxDeliveries(20)
        .finishedTtl(Duration.ofHours(1));
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    String role = args[0];
    RedisConnection redis = RedisConnection.create(RedisConfig.custom().uri(args[1]).poolSize(16).build());
    BatchProcessor processor = BatchProcessor.create(BatchConfig.custom().name(args[3]).maxWorkers(4)
        .jobStore(RedisJobStore.create(redis, storeConfig(args[2], args[3]).build())).build());
    if (role.equals("worker")) {
      processor.register("chaos", batch -> {
        synchronized (out) {
          out.println("RUN " + batch.get(0));
          out.flush();
        }
        List<String> results = new ArrayList<>(batch.size());
        for (String item : batch) {
          Thread.sleep(Long.parseLong(item.substring(item.lastIndexOf(':') + 1)));
          results.add(item + "!");
        }
        return results;
      }, JobCodec.string(), JobCodec.string());
      out.println("READY");
      out.flush();
      while (true) {
        JobStoreStats s = processor.jobStoreStats().orElseThrow();
        synchronized (out) {
          out.println("STATS taken=" + s.batchesTaken() + " completed=" + s.batchesCompleted() + " reclaims="
              + s.reclaims() + " stale=" + s.staleRejected() + " expired=" + s.leasesExpired());
          out.flush();
        }
        Thread.sleep(500);
      }
    }
    int jobs = Integer.parseInt(args[4]);
    Random random = new Random(Long.parseLong(args[5]));
    long pace = Long.parseLong(args[6]);
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int j = 0; j < jobs; j++) {
      int size = j % 10 == 0 ? 150 + random.nextInt(150) : 1 + random.nextInt(120);
      boolean slow = j % 4 == 1;
      List<String> items = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        items.add("j" + j + ":" + i + ":" + (slow ? 40 + random.nextInt(20) : 1 + random.nextInt(8)));
      }
      JobHandle<String> h = processor.submit(NamedJob.of("chaos", items, JobCodec.string(), JobCodec.string())
          .batchSize(10).priority(j % 3).idempotencyKey("chaos-" + args[2] + "-" + j).build());
      synchronized (out) {
        out.println("SUBMITTED " + h.id() + " " + size);
        out.flush();
      }
      done.add(h.result().thenAccept(r -> {
        synchronized (out) {
          out.println("RESULT " + r.jobId() + " " + r.status() + " " + r.succeeded());
          out.flush();
        }
      }));
      Thread.sleep(pace);
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    out.println("ALL-RESULTS");
    out.flush();
    processor.close();
    redis.close();
  }
}
