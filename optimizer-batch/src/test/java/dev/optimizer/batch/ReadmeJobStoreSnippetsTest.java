package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job-store snippet of docs/batch.md, compiled and run on the real Redis; the tagged region is checked
 * against the docs by optimizer-bench's ReadmeSnippetsCheckTest.
 */
@RequiresRedis
class ReadmeJobStoreSnippetsTest {
  private static final Logger log = LoggerFactory.getLogger(ReadmeJobStoreSnippetsTest.class);

  @Test
  void jobStoreSnippet_submitWorkAndReadById() {
    String redisUrl = RedisAvailableCondition.redisUrl();
    List<String> paths = IntStream.range(0, 250).mapToObj(i -> "/videos/" + i + ".mp4").toList();
    List<Progress> seen = new CopyOnWriteArrayList<>();
    RedisConnection cleanup = RedisConnection.create(redisUrl);
    cleanup.execute("cleanup", c -> c.unlinkMatching("{video}:*".getBytes(), 500));
    try {
      // tag::batch-job-store[]
      RedisConnection redis = RedisConnection.create(redisUrl);   // the application's one shared connection
      BatchProcessor processor = BatchProcessor.create(BatchConfig.custom()
          .jobStore(RedisJobStore.create(redis, RedisJobStoreConfig.custom()
              .namespace("video").lease(Duration.ofSeconds(30)).maxDeliveries(5)
              .finishedTtl(Duration.ofDays(1)).build()))
          .build());
      // On every node that can do the work (same name, same codecs):
      processor.register("resize-video", (List<String> batch) -> batch.stream().map(p -> p + ".small").toList(),
          JobCodec.string(), JobCodec.string());
      // On any node:
      JobHandle<String> h = processor.submit(NamedJob.of("resize-video", paths, JobCodec.string(), JobCodec.string())
          .batchSize(100).priority(5).idempotencyKey("upload-8812").build());
      long id = h.id();                                  // hand it to the client; any replica can answer for it
      // Later, on any node:
      Optional<Progress> p = processor.progress(id);
      processor.addListener(id, pr -> log.info("{}/{} done", pr.itemsDone(), pr.itemsTotal()));
      List<String> small = h.result().join().valuesOrThrow();
      // end::batch-job-store[]
      processor.addListener(id, seen::add);
      assertThat(p).isPresent();
      assertThat(small).hasSize(250).first().isEqualTo("/videos/0.mp4.small");
      assertThat(processor.status(id)).contains(JobStatus.COMPLETED);
      // The same key again returns the same job.
      assertThat(processor.submit(NamedJob.of("resize-video", paths, JobCodec.string(), JobCodec.string())
          .idempotencyKey("upload-8812").build()).id()).isEqualTo(id);
      org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !seen.isEmpty());
      assertThat(seen.get(seen.size() - 1).status()).isEqualTo(JobStatus.COMPLETED);
      processor.close();
      redis.close();
    } finally {
      cleanup.execute("cleanup", c -> c.unlinkMatching("{video}:*".getBytes(), 500));
      cleanup.close();
    }
  }
}
