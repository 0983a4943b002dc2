package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A private redis-server with AOF ({@code appendfsync always}) is SIGKILLed while jobs run and restarted on
 * the same files: the jobs resume and finish, and nothing Redis acknowledged is lost: every job whose
 * submit returned exists, and every batch whose completion Redis accepted keeps its result (issue 15).
 */
class RedisJobStoreRestartTest {
  @Test
  void redisKilledAndRestartedWithAof_jobsResume_nothingAcknowledgedIsLost() throws Exception {
    try (RedisServerProcess server = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "always")) {
      RedisConnection redis = RedisConnection.create(RedisConfig.custom().uri(server.url())
          .probeInterval(Duration.ofMillis(50), Duration.ofMillis(500)).build());
      Map<String, Integer> runs = new ConcurrentHashMap<>();
      List<BatchProcessor> nodes = new ArrayList<>();
      try {
        for (String name : List.of("node-a", "node-b")) {
          BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name(name).maxWorkers(3)
              .jobStore(RedisJobStore.create(redis, RedisJobStoreConfig.custom().namespace("restart").nodeId(name)
                  .lease(Duration.ofSeconds(3)).build())).build());
          p.register("triple", batch -> {
            runs.merge(name, 1, Integer::sum);
            Thread.sleep(20);
            return batch.stream().map(i -> i * 3).toList();
          }, JobCodec.longs(), JobCodec.longs());
          nodes.add(p);
        }
        BatchProcessor submitter = nodes.get(0);
        List<JobHandle<Long>> before = new ArrayList<>();
        for (int j = 0; j < 12; j++) {
          List<Long> items = IntStream.range(0, 50 + j * 10).mapToObj(i -> (long) i).toList();
          before.add(submitter.submit(NamedJob.of("triple", items, JobCodec.longs(), JobCodec.longs())
              .batchSize(10).build()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.values().stream().mapToInt(i -> i).sum() >= 15);
        Map<Long, Long> doneBeforeKill = new ConcurrentHashMap<>();
        for (JobHandle<Long> h : before) {
          doneBeforeKill.put(h.id(), h.progress().itemsDone());
        }

        server.kill();
        server.restart();

        List<JobHandle<Long>> after = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
          after.add(submitter.submit(NamedJob.of("triple", List.of(1L, 2L, 3L), JobCodec.longs(), JobCodec.longs())
              .build()));
          return true;
        });
        for (JobHandle<Long> h : before) {
          JobResult<Long> r = h.result().orTimeout(60, TimeUnit.SECONDS).join();
          assertThat(r.status()).as("job " + h.id()).isEqualTo(JobStatus.COMPLETED);
          int n = r.values().size();
          assertThat(r.values()).containsExactlyElementsOf(IntStream.range(0, n).mapToObj(i -> i * 3L).toList());
          assertThat(r.succeeded()).isGreaterThanOrEqualTo(doneBeforeKill.get(h.id()).intValue());
        }
        assertThat(after.get(0).result().orTimeout(60, TimeUnit.SECONDS).join().values()).containsExactly(3L, 6L,
            9L);
        assertThat(doneBeforeKill.values().stream().mapToLong(l -> l).sum()).isPositive();
      } finally {
        nodes.forEach(BatchProcessor::closeNow);
        redis.close();
      }
    }
  }
}
