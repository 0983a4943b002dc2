package dev.optimizer.batch.internal.redis;

import static dev.optimizer.batch.internal.redis.StoreKeys.b;
import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.batch.BatchConfig;
import dev.optimizer.batch.BatchProcessor;
import dev.optimizer.batch.DeadLetter;
import dev.optimizer.batch.JobCodec;
import dev.optimizer.batch.JobHandle;
import dev.optimizer.batch.JobResult;
import dev.optimizer.batch.JobStatus;
import dev.optimizer.batch.JobStoreException;
import dev.optimizer.batch.NamedJob;
import dev.optimizer.batch.RedisJobStore;
import dev.optimizer.batch.RedisJobStoreConfig;
import dev.optimizer.batch.internal.redis.BatchFrames.Outcome;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The store's scripts as two workers meet them, driven by hand: a paused worker whose lease expired cannot
 * overwrite the new owner's result; a batch delivered past maxDeliveries goes to the dead letters (issue 15).
 */
@RequiresRedis
class LeaseFencingTest {
  private RedisConnection redis;
  private StoreKeys keys;
  private String namespace;
  private BatchProcessor submitter;

  @BeforeEach
  void setUp() {
    redis = RedisConnection.create(RedisAvailableCondition.redisUrl());
    namespace = "test-fence-" + UUID.randomUUID();
    keys = new StoreKeys(namespace);
    submitter = BatchProcessor.create(BatchConfig.custom().name("submitter").jobStore(RedisJobStore.create(redis,
        RedisJobStoreConfig.custom().namespace(namespace).build())).build());
    // A worker elsewhere announced the handler (no worker runs in this JVM: the test plays both workers).
    redis.execute("announce", c -> c.client().hset(keys.handlers(), "echo",
        Long.toString(System.currentTimeMillis())));
  }

  @AfterEach
  void tearDown() {
    submitter.closeNow();
    redis.execute("cleanup", c -> c.unlinkMatching(("{" + namespace + "}:*").getBytes(), 500));
    redis.close();
  }

  private List<?> take(long job, String stream, StreamEntry e, String owner, long leaseMillis, int maxDeliveries) {
    return (List<?>) redis.execute("take", c -> c.eval(StoreScripts.TAKE, List.of(b(keys.job(job)), b(stream),
        b(keys.dead()), b(keys.counts())), List.of(b(e.getFields().get("b")), b(owner), b(leaseMillis),
        b(e.getID().toString()), b(StoreKeys.GROUP), b(maxDeliveries), b(keys.channel()), b(job), b(100),
        b(60_000))));
  }

  private String complete(long job, String stream, StreamEntry e, long token, String value) {
    byte[] payload = BatchFrames.outcomes(List.of(Outcome.value(value.getBytes(StandardCharsets.UTF_8))));
    List<?> r = (List<?>) redis.execute("complete", c -> c.eval(StoreScripts.COMPLETE, List.of(b(keys.job(job)),
        b(stream), b(keys.counts())), List.of(b(e.getFields().get("b")), b(token), payload, b(1), b(0),
        b(e.getID().toString()), b(StoreKeys.GROUP), b(keys.channel()), b(job))));
    return StoreWorkers.text(r.get(0));
  }

  private StreamEntry readAs(String stream, String consumer) {
    List<Map.Entry<String, List<StreamEntry>>> r = redis.execute("read", c -> c.client().xreadGroup(StoreKeys.GROUP,
        consumer, XReadGroupParams.xReadGroupParams().count(1), Map.of(stream,
            StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)));
    return r.get(0).getValue().get(0);
  }

  /** Claims the entry for {@code consumer} once the previous owner's lease has expired on the server. */
  private List<?> takeOverAs(long job, String stream, StreamEntry e, String consumer, int maxDeliveries) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Map.Entry<StreamEntryID, List<StreamEntry>> claimed = redis.execute("claim", c -> c.client().xautoclaim(stream,
          StoreKeys.GROUP, consumer, 0, new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams().count(1)));
      assertThat(claimed.getValue()).isNotEmpty();
      List<?> r = take(job, stream, e, consumer, 60_000, maxDeliveries);
      if (!"LEASED".equals(StoreWorkers.text(r.get(0)))) {
        return r;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the 1 ms lease never expired");
  }

  @Test
  void staleToken_afterLeaseExpiredAndAnotherWorkerTookOver_completionRejected_newOwnersResultKept() {
    JobHandle<String> h = submitter.submit(NamedJob.of("echo", List.of("x"), JobCodec.string(), JobCodec.string())
        .build());
    String stream = keys.stream("echo", 0);
    StreamEntry e = readAs(stream, "paused-worker");
    List<?> first = take(h.id(), stream, e, "paused-worker", 60_000, 5);
    assertThat(StoreWorkers.text(first.get(0))).isEqualTo("OK");
    long staleToken = (Long) first.get(1);

    // While its lease is valid nobody else may take the batch, however long it runs.
    redis.execute("claim", c -> c.client().xautoclaim(stream, StoreKeys.GROUP, "new-owner", 0,
        new StreamEntryID(0, 0), XAutoClaimParams.xAutoClaimParams().count(1)));
    assertThat(StoreWorkers.text(take(h.id(), stream, e, "new-owner", 60_000, 5).get(0))).isEqualTo("LEASED");

    // The paused worker's lease runs out (shortened here as a SIGSTOP past the lease would).
    redis.execute("expire-lease", c -> c.client().hset(keys.job(h.id()), "l:0", staleToken + "|paused-worker|1"));
    List<?> second = takeOverAs(h.id(), stream, e, "new-owner", 5);
    assertThat(StoreWorkers.text(second.get(0))).isEqualTo("OK");
    long freshToken = (Long) second.get(1);
    assertThat(freshToken).isGreaterThan(staleToken);
    assertThat((Long) second.get(3)).isEqualTo(1L); // counted as a takeover after an expired lease

    assertThat(complete(h.id(), stream, e, staleToken, "from the paused worker")).isEqualTo("STALE");
    assertThat(complete(h.id(), stream, e, freshToken, "from the new owner")).isEqualTo("OK");
    assertThat(complete(h.id(), stream, e, staleToken, "again")).isEqualTo("STALE");

    JobResult<?> r = submitter.results(h.id()).orElseThrow();
    List<Object> values = List.copyOf(r.values());
    assertThat(r.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(values).containsExactly("from the new owner");
    String stale = redis.execute("read", c -> c.client().hget(keys.job(h.id()), "stale"));
    assertThat(stale).isEqualTo("2");
    long pending = redis.execute("pending", c -> c.client().xpending(stream, StoreKeys.GROUP).getTotal());
    assertThat(pending).isZero();
  }

  @Test
  void batchPastMaxDeliveries_goesToDeadLetters_itsItemsFailTyped_restOfTheJobCompletes() {
    JobHandle<String> h = submitter.submit(NamedJob.of("echo", List.of("a", "b"), JobCodec.string(),
        JobCodec.string()).batchSize(1).build());
    String stream = keys.stream("echo", 0);
    StreamEntry poison = readAs(stream, "w1");
    StreamEntry fine = readAs(stream, "w1");
    List<?> ok = take(h.id(), stream, fine, "w1", 60_000, 2);
    assertThat(complete(h.id(), stream, fine, (Long) ok.get(1), "B")).isEqualTo("OK");

    // Two deliveries, each ended by a crash (the lease runs out), then the third take dead-letters it.
    assertThat(StoreWorkers.text(take(h.id(), stream, poison, "w1", 1, 2).get(0))).isEqualTo("OK");
    assertThat(StoreWorkers.text(takeOverAs(h.id(), stream, poison, "w2", 2).get(0))).isEqualTo("OK");
    redis.execute("expire-lease", c -> c.client().hset(keys.job(h.id()), "l:0", "2|w2|1"));
    List<?> dead = takeOverAs(h.id(), stream, poison, "w3", 2);
    assertThat(StoreWorkers.text(dead.get(0))).isEqualTo("DEAD");

    List<DeadLetter> letters = submitter.deadLetters(10);
    assertThat(letters).singleElement().satisfies(d -> {
      assertThat(d.jobId()).isEqualTo(h.id());
      assertThat(d.batch()).isZero();
      assertThat(d.handler()).isEqualTo("echo");
      assertThat(d.deliveries()).isEqualTo(2);
    });
    JobResult<String> r = h.result().orTimeout(20, TimeUnit.SECONDS).join();
    assertThat(r.status()).isEqualTo(JobStatus.FAILED);
    assertThat(r.values()).containsExactly(null, "B");
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.index()).isZero();
      assertThat(((JobStoreException) f.error()).kind()).isEqualTo(JobStoreException.Kind.DEAD_LETTER);
    });
  }
}
