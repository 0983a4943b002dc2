package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis job store through the BatchProcessor API, on the real Redis (issue 15). */
@RequiresRedis
class RedisJobStoreTest {
  private RedisConnection redis;
  private String namespace;
  private final List<BatchProcessor> processors = new ArrayList<>();

  @BeforeEach
  void setUp() {
    redis = RedisConnection.create(RedisAvailableCondition.redisUrl());
    namespace = "test-jobs-" + UUID.randomUUID();
  }

  @AfterEach
  void tearDown() {
    processors.forEach(BatchProcessor::closeNow);
    redis.execute("cleanup", c -> c.unlinkMatching(("{" + namespace + "}:*").getBytes(), 500));
    redis.close();
  }

  private BatchProcessor node(String name, RedisJobStoreConfig.Builder store) {
    BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name(name).maxWorkers(4)
        .jobStore(RedisJobStore.create(redis, store.namespace(namespace).nodeId(name).build())).build());
    processors.add(p);
    return p;
  }

  private BatchProcessor node(String name) {
    return node(name, RedisJobStoreConfig.custom());
  }

  private static List<Long> range(int n) {
    return IntStream.range(0, n).mapToObj(i -> (long) i).toList();
  }

  private static final BatchFunction<Long, String> SQUARE = batch -> batch.stream().map(i -> "sq" + i * i).toList();

  @Test
  void submit_onNodeWithoutHandler_runsOnWorkerNode_andAnyNodeReadsTheSameStatusAndResults() {
    BatchProcessor worker = node("worker");
    worker.register("square", SQUARE, JobCodec.longs(), JobCodec.string());
    BatchProcessor submitter = node("submitter");
    BatchProcessor reader = node("reader");

    JobHandle<String> h = submitter.submit(NamedJob.of("square", range(250), JobCodec.longs(), JobCodec.string())
        .batchSize(20).metadata("tenant", "acme").build());
    JobResult<String> r = h.result().orTimeout(20, TimeUnit.SECONDS).join();

    assertThat(r.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(r.values()).containsExactlyElementsOf(range(250).stream().map(i -> "sq" + i * i).toList());
    assertThat(r.metadata()).containsEntry("tenant", "acme");
    assertThat(reader.status(h.id())).contains(JobStatus.COMPLETED);
    Progress p = reader.progress(h.id()).orElseThrow();
    assertThat(p.itemsDone()).isEqualTo(250);
    assertThat(p.itemsTotal()).isEqualTo(250);
    // The reader never registered the handler: it reads the stored bytes, which decode to the same values.
    JobResult<?> raw = reader.results(h.id()).orElseThrow();
    assertThat(raw.values()).hasSize(250);
    assertThat(new String((byte[]) raw.values().get(7))).isEqualTo("sq49");
    assertThat(worker.jobStoreStats().orElseThrow().batchesCompleted()).isEqualTo(13);
  }

  @Test
  void adaptiveBatchSize_sizedFromTheHandlersTimePerItemReportedByEveryNode() {
    // Each item takes at least 1 ms, so a 40 ms batch holds at most 40 items, far below the default of 100.
    BatchFunction<Long, String> slow = batch -> {
      for (int i = 0; i < batch.size(); i++) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
      return batch.stream().map(i -> "v" + i).toList();
    };
    RedisJobStoreConfig.Builder fast = RedisJobStoreConfig.custom().renewInterval(Duration.ofMillis(100))
        .adaptiveBatchTime(Duration.ofMillis(40));
    BatchProcessor a = node("a", fast);
    BatchProcessor b = node("b", fast);
    a.register("slow", slow, JobCodec.longs(), JobCodec.string());
    b.register("slow", slow, JobCodec.longs(), JobCodec.string());
    String handlers = "{" + namespace + "}:handlers";

    // No node has run "slow" yet: the processor's batch size.
    JobHandle<String> first = node("s1", fast).submit(NamedJob.of("slow", range(300), JobCodec.longs(),
        JobCodec.string()).adaptiveBatchSize().build());
    assertThat(batchSize(first)).isEqualTo(100);
    assertThat(first.result().orTimeout(30, TimeUnit.SECONDS).join().status()).isEqualTo(JobStatus.COMPLETED);

    // The workers' renewals fold their time per item into the store-wide figure...
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.execute("read", c -> c.client().hget(handlers,
        "lat slow")) != null);
    double perItem = Double.parseDouble(redis.execute("read", c -> c.client().hget(handlers, "lat slow")));
    assertThat(perItem).as("ns per item").isGreaterThanOrEqualTo(1_000_000);

    // ...and a node that never ran the handler sizes the next adaptive job from it.
    JobHandle<String> second = node("s2", fast).submit(NamedJob.of("slow", range(300), JobCodec.longs(),
        JobCodec.string()).adaptiveBatchSize().build());
    assertThat(batchSize(second)).isBetween(1, 40);
    JobResult<String> r = second.result().orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(r.values()).containsExactlyElementsOf(range(300).stream().map(i -> "v" + i).toList());
  }

  private int batchSize(JobHandle<?> h) {
    return Integer.parseInt(redis.execute("read", c -> c.client().hget("{" + namespace + "}:job:" + h.id(), "bs")));
  }

  @Test
  void idempotencyKey_duplicateSubmit_returnsTheExistingJob() {
    BatchProcessor worker = node("worker");
    worker.register("square", SQUARE, JobCodec.longs(), JobCodec.string());
    NamedJob<Long, String> job = NamedJob.of("square", range(10), JobCodec.longs(), JobCodec.string())
        .idempotencyKey("upload-42").build();
    JobHandle<String> first = worker.submit(job);
    JobHandle<String> second = node("other").submit(job);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.result().orTimeout(20, TimeUnit.SECONDS).join().values()).hasSize(10);
    JobHandle<String> fresh = worker.submit(NamedJob.of("square", range(10), JobCodec.longs(), JobCodec.string())
        .idempotencyKey("upload-43").build());
    assertThat(fresh.id()).isNotEqualTo(first.id());
  }

  @Test
  void cancel_fromAnotherNode_runningBatchFinishes_noNewBatchStarts() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger batches = new AtomicInteger();
    BatchProcessor worker = node("worker", RedisJobStoreConfig.custom().workers(1));
    worker.register("slow", batch -> {
      batches.incrementAndGet();
      started.countDown();
      release.await(30, TimeUnit.SECONDS);
      return batch;
    }, JobCodec.longs(), JobCodec.longs());
    JobHandle<Long> h = worker.submit(NamedJob.of("slow", range(100), JobCodec.longs(), JobCodec.longs())
        .batchSize(10).build());
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(node("admin").cancel(h.id())).isTrue();
    release.countDown();
    JobResult<Long> r = h.result().orTimeout(20, TimeUnit.SECONDS).join();

    assertThat(r.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(r.succeeded()).isEqualTo(10); // the running batch kept its results
    assertThat(r.unprocessed()).hasSize(90);
    assertThat(batches.get()).isEqualTo(1);
    assertThat(node("late").cancel(h.id())).isFalse();
  }

  @Test
  void unknownHandler_failsThatJobWithTypedError_otherJobsGoOn() {
    BatchProcessor worker = node("worker");
    worker.register("square", SQUARE, JobCodec.longs(), JobCodec.string());
    JobHandle<String> bad = worker.submit(NamedJob.of("nobody-has-this", range(5), JobCodec.longs(),
        JobCodec.string()).build());
    JobHandle<String> good = worker.submit(NamedJob.of("square", range(5), JobCodec.longs(), JobCodec.string())
        .build());

    JobResult<String> r = bad.result().orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(r.status()).isEqualTo(JobStatus.FAILED);
    assertThat(r.failures()).hasSize(5).allSatisfy(f -> assertThat(f.error())
        .isInstanceOfSatisfying(JobStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(JobStoreException.Kind.UNKNOWN_HANDLER);
          assertThat(e.getMessage()).contains("nobody-has-this");
        }));
    assertThat(good.result().orTimeout(20, TimeUnit.SECONDS).join().isSuccess()).isTrue();
  }

  @Test
  void undecodableItem_failsThatItemWithTypedError_restOfTheJobSucceeds() {
    BatchProcessor worker = node("worker");
    worker.register("square", SQUARE, JobCodec.longs(), JobCodec.string());
    // The submitter encodes item 3 so that the worker's codec cannot read it.
    JobCodec<Long> lying = JobCodec.of(l -> l == 3 ? "three".getBytes() : Long.toString(l).getBytes(),
        b -> Long.parseLong(new String(b)));
    JobHandle<String> h = node("submitter").submit(NamedJob.of("square", range(8), lying, JobCodec.string())
        .batchSize(4).build());
    JobResult<String> r = h.result().orTimeout(20, TimeUnit.SECONDS).join();

    assertThat(r.status()).isEqualTo(JobStatus.FAILED);
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.index()).isEqualTo(3);
      assertThat(((JobStoreException) f.error()).kind()).isEqualTo(JobStoreException.Kind.UNDECODABLE_ITEM);
    });
    assertThat(r.values()).containsExactly("sq0", "sq1", "sq4", null, "sq16", "sq25", "sq36", "sq49");
  }

  @Test
  void jobHashEditedByHand_thatJobFailsWithCorruptJob_otherJobsGoOn() {
    CountDownLatch hold = new CountDownLatch(1);
    BatchProcessor submitter = node("submitter");
    BatchProcessor worker = node("worker", RedisJobStoreConfig.custom().workers(1));
    worker.register("gate", batch -> {
      hold.await(30, TimeUnit.SECONDS);
      return batch;
    }, JobCodec.longs(), JobCodec.longs());
    JobHandle<Long> blocker = submitter.submit(NamedJob.of("gate", range(1), JobCodec.longs(), JobCodec.longs())
        .priority(9).build());
    JobHandle<Long> victim = submitter.submit(NamedJob.of("gate", range(4), JobCodec.longs(), JobCodec.longs())
        .batchSize(2).build());
    JobHandle<Long> other = submitter.submit(NamedJob.of("gate", range(4), JobCodec.longs(), JobCodec.longs())
        .build());
    await().atMost(Duration.ofSeconds(30)).until(() -> blocker.status() == JobStatus.RUNNING);
    // Edit the queued job's hash as an operator with redis-cli might.
    redis.execute("edit", c -> c.client().hset("{" + namespace + "}:job:" + victim.id(), "nb", "many"));
    assertThatThrownBy(() -> submitter.status(victim.id())).isInstanceOfSatisfying(JobStoreException.class,
        e -> {
          assertThat(e.kind()).isEqualTo(JobStoreException.Kind.CORRUPT_JOB);
          assertThat(e.getMessage()).contains("nb").contains("many");
        });
    hold.countDown();

    assertThat(other.result().orTimeout(20, TimeUnit.SECONDS).join().isSuccess()).isTrue();
    // The worker that met it marked it FAILED with the reason; reading it stays a typed error.
    await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(redis.execute("read", c -> c.client()
        .hget("{" + namespace + "}:job:" + victim.id(), "st"))));
    String err = redis.execute("read", c -> c.client().hget("{" + namespace + "}:job:" + victim.id(), "err"));
    assertThat(err).startsWith("CORRUPT_JOB: field 'nb' is 'many'");
    assertThatThrownBy(() -> submitter.results(victim.id())).isInstanceOf(JobStoreException.class);
    assertThat(blocker.result().orTimeout(20, TimeUnit.SECONDS).join().isSuccess()).isTrue();
  }

  @Test
  void listener_onNodeThatNeverRanTheJob_seesProgressAndTheEnd() throws Exception {
    BatchProcessor worker = node("worker", RedisJobStoreConfig.custom().workers(1));
    CountDownLatch go = new CountDownLatch(1);
    worker.register("square", batch -> {
      go.await(30, TimeUnit.SECONDS);
      return SQUARE.apply(batch);
    }, JobCodec.longs(), JobCodec.string());
    BatchProcessor watcher = node("watcher");
    JobHandle<String> h = node("submitter").submit(NamedJob.of("square", range(30), JobCodec.longs(),
        JobCodec.string()).batchSize(10).build());
    List<Progress> seen = new CopyOnWriteArrayList<>();
    assertThat(watcher.addListener(h.id(), seen::add)).isTrue();
    go.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty()
        && seen.get(seen.size() - 1).status() == JobStatus.COMPLETED);
    assertThat(seen.get(seen.size() - 1).itemsDone()).isEqualTo(30);
    assertThat(seen).extracting(Progress::itemsDone).isSorted();
    assertThat(watcher.addListener(123456789L, p -> { })).isFalse();
  }

  @Test
  void finishedJob_keepsStatusForItsTtl_thenIsGone() {
    BatchProcessor worker = node("worker", RedisJobStoreConfig.custom().finishedTtl(Duration.ofMinutes(5)));
    worker.register("square", SQUARE, JobCodec.longs(), JobCodec.string());
    JobHandle<String> h = worker.submit(NamedJob.of("square", range(3), JobCodec.longs(), JobCodec.string())
        .build());
    h.result().orTimeout(20, TimeUnit.SECONDS).join();
    long ttl = redis.execute("pttl", c -> c.client().pttl("{" + namespace + "}:job:" + h.id()));
    assertThat(ttl).isBetween(1L, Duration.ofMinutes(5).toMillis());
    long outTtl = redis.execute("pttl", c -> c.client().pttl("{" + namespace + "}:job:" + h.id() + ":out"));
    assertThat(outTtl).isBetween(1L, Duration.ofMinutes(5).toMillis());
    // Expiry is Redis's: once the key is gone (here removed as expiry would), the job is unknown everywhere.
    redis.execute("expire", c -> c.client().pexpire("{" + namespace + "}:job:" + h.id(), 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> worker.status(h.id()).isEmpty());
  }

  @Test
  void priorities_higherPriorityJobRunsFirst_andStatsAndMetersCountJobs() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Long> order = new CopyOnWriteArrayList<>();
    BatchProcessor submitter = node("submitter");
    JobHandle<Long> gate = null;
    BatchProcessor worker = node("worker", RedisJobStoreConfig.custom().workers(1));
    worker.register("record", batch -> {
      go.await(30, TimeUnit.SECONDS);
      order.add(batch.get(0));
      return batch;
    }, JobCodec.longs(), JobCodec.longs());
    gate = submitter.submit(NamedJob.of("record", List.of(-1L), JobCodec.longs(), JobCodec.longs()).build());
    JobHandle<Long> gateHandle = gate;
    await().atMost(Duration.ofSeconds(30)).until(() -> gateHandle.status() == JobStatus.RUNNING);
    JobHandle<Long> low = submitter.submit(NamedJob.of("record", List.of(1L), JobCodec.longs(), JobCodec.longs())
        .priority(1).build());
    JobHandle<Long> high = submitter.submit(NamedJob.of("record", List.of(9L), JobCodec.longs(), JobCodec.longs())
        .priority(9).build());
    // Let the worker learn the new streams before releasing it (it refreshes them every second).
    await().atMost(Duration.ofSeconds(10)).until(() -> submitter.jobStoreStats().orElseThrow().queuedBatches() == 2);
    Thread.sleep(1200);
    go.countDown();
    low.result().orTimeout(20, TimeUnit.SECONDS).join();
    high.result().orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(order).containsExactly(-1L, 9L, 1L);

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    worker.metrics().bindTo(registry);
    assertThat(registry.get("optimizer.batch.store.jobs").tag("state", "completed").gauge().value()).isEqualTo(3.0);
    assertThat(registry.get("optimizer.batch.store.batches").tag("result", "completed").functionCounter().count())
        .isEqualTo(3.0);
    JobStoreStats s = worker.jobStoreStats().orElseThrow();
    assertThat(s.jobsByState()).containsEntry(JobStatus.COMPLETED, 3L).containsEntry(JobStatus.QUEUED, 0L)
        .containsEntry(JobStatus.RUNNING, 0L);
    assertThat(s.queuedBatches()).isZero();
    assertThat(s.queueLag()).isEqualTo(Duration.ZERO);
    assertThat(Map.copyOf(s.jobsByState())).hasSize(5);
  }
}
