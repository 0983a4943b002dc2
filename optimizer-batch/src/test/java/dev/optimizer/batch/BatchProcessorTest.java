package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.Pressure;
import dev.optimizer.core.TuningEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchProcessorTest {
  private static final long WAIT = 30;
  private final List<BatchProcessor> processors = new ArrayList<>();

  private BatchProcessor processor(BatchConfig.Builder config) {
    BatchProcessor p = BatchProcessor.create(config.build());
    processors.add(p);
    return p;
  }

  @AfterEach
  void closeAll() {
    processors.forEach(BatchProcessor::closeNow);
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released within " + WAIT + " s");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** A job that runs until {@code release} opens, telling {@code running} when it started. */
  private static Job<Integer, Integer> blocker(CountDownLatch running, CountDownLatch release) {
    return Job.<Integer, Integer>of(List.of(0), batch -> {
      running.countDown();
      awaitLatch(release);
      return batch;
    }).strategy(Strategy.SEQUENTIAL).priority(Integer.MAX_VALUE).name("blocker").build();
  }

  @ParameterizedTest
  @EnumSource(value = Strategy.class, names = {"SEQUENTIAL", "PARALLEL", "ADAPTIVE"})
  void submit_anyStrategy_returnsResultsInInputOrder(Strategy strategy) {
    BatchProcessor p = processor(BatchConfig.custom().maxWorkers(4));
    List<Integer> items = range(10_000);
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(items, batch -> batch.stream().map(x -> x * 2).toList())
        .strategy(strategy).batchSize(7).build());
    JobResult<Integer> r = h.result().join();
    assertThat(r.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(r.valuesOrThrow()).containsExactlyElementsOf(items.stream().map(x -> x * 2).toList());
    assertThat(h.progress().itemsDone()).isEqualTo(10_000);
  }

  @Test
  void submit_queueFullWithReject_throwsQueueFullException() {
    BatchProcessor p = processor(BatchConfig.custom().concurrentJobs(1).queueCapacity(1));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    p.submit(blocker(running, release));
    awaitLatch(running);
    JobHandle<Integer> queued = p.submit(Job.<Integer, Integer>of(range(3), b -> b).build());
    assertThatThrownBy(() -> p.submit(Job.<Integer, Integer>of(range(3), b -> b).name("third").build()))
        .isInstanceOf(QueueFullException.class).hasMessageContaining("capacity 1").hasMessageContaining("third");
    assertThat(p.stats().rejected()).isEqualTo(1);
    release.countDown();
    assertThat(queued.result().join().status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void submit_queueFullWithWait_waitsForRoomThenSucceeds() throws Exception {
    BatchProcessor p = processor(BatchConfig.custom().concurrentJobs(1).queueCapacity(1)
        .queueFullPolicy(QueueFullPolicy.WAIT).submitTimeout(Duration.ofSeconds(WAIT)));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    p.submit(blocker(running, release));
    awaitLatch(running);
    p.submit(Job.<Integer, Integer>of(range(3), b -> b).build());
    List<JobHandle<Integer>> late = new CopyOnWriteArrayList<>();
    Thread submitter = new Thread(() -> late.add(p.submit(Job.<Integer, Integer>of(range(3), b -> b).build())));
    submitter.start();
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> submitter.getState() == Thread.State.WAITING
        || submitter.getState() == Thread.State.TIMED_WAITING);
    assertThat(late).isEmpty();
    release.countDown();
    submitter.join(TimeUnit.SECONDS.toMillis(WAIT));
    assertThat(late).hasSize(1);
    assertThat(late.get(0).result().join().status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void submit_queueFullWithWaitTimeout_throwsQueueFullException() {
    BatchProcessor p = processor(BatchConfig.custom().concurrentJobs(1).queueCapacity(1)
        .queueFullPolicy(QueueFullPolicy.WAIT).submitTimeout(Duration.ofMillis(20)));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    p.submit(blocker(running, release));
    awaitLatch(running);
    p.submit(Job.<Integer, Integer>of(range(3), b -> b).build());
    assertThatThrownBy(() -> p.submit(Job.<Integer, Integer>of(range(3), b -> b).build()))
        .isInstanceOf(QueueFullException.class).hasMessageContaining("after waiting");
    release.countDown();
  }

  @Test
  void submit_fullQueue_runsHigherPriorityFirstThenSubmissionOrder() {
    BatchProcessor p = processor(BatchConfig.custom().concurrentJobs(1).queueCapacity(5));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    p.submit(blocker(running, release));
    awaitLatch(running);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    int[] priorities = {1, 5, 3, 5, 2};
    List<JobHandle<Integer>> handles = new ArrayList<>();
    for (int i = 0; i < priorities.length; i++) {
      String name = "p" + priorities[i] + "-" + i;
      handles.add(p.submit(Job.<Integer, Integer>of(range(1), b -> {
        order.add(name);
        return b;
      }).name(name).priority(priorities[i]).strategy(Strategy.SEQUENTIAL).build()));
    }
    assertThatThrownBy(() -> p.submit(Job.<Integer, Integer>of(range(1), b -> b).build()))
        .isInstanceOf(QueueFullException.class);
    assertThat(p.stats().queued()).isEqualTo(5);
    release.countDown();
    handles.forEach(h -> h.result().join());
    assertThat(order).containsExactly("p5-1", "p5-3", "p3-2", "p2-4", "p1-0");
  }

  @Test
  void cancel_midJob_startsNoNewBatchAndKeepsFinishedResults() {
    BatchProcessor p = processor(BatchConfig.custom());
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(range(100), batch -> {
      if (batch.get(0) == 20) {
        reached.countDown();
        awaitLatch(proceed);
      }
      return batch;
    }).strategy(Strategy.SEQUENTIAL).batchSize(10).build());
    awaitLatch(reached);
    assertThat(h.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(h.cancel()).isTrue();
    proceed.countDown();
    JobResult<Integer> r = h.result().join();
    assertThat(r.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(r.values().subList(0, 30)).containsExactlyElementsOf(range(30));
    assertThat(r.unprocessed()).containsExactlyElementsOf(IntStream.range(30, 100).boxed().toList());
    assertThat(h.progress().itemsDone()).isEqualTo(30);
    assertThat(h.cancel()).isFalse();
    assertThatThrownBy(r::valuesOrThrow).isInstanceOf(BatchJobException.class).hasMessageContaining("70 unprocessed");
  }

  @Test
  void cancel_queuedJob_neverRuns() {
    BatchProcessor p = processor(BatchConfig.custom().concurrentJobs(1));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    p.submit(blocker(running, release));
    awaitLatch(running);
    AtomicInteger calls = new AtomicInteger();
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(range(5), b -> {
      calls.incrementAndGet();
      return b;
    }).build());
    h.result().cancel(true);
    assertThat(h.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(h.result().join().unprocessed()).hasSize(5);
    release.countDown();
    JobHandle<Integer> after = p.submit(Job.<Integer, Integer>of(range(1), b -> b).build());
    after.result().join();
    assertThat(calls).hasValue(0);
    assertThat(p.stats().cancelled()).isEqualTo(1);
  }

  @Test
  void retry_itemwiseFunctionWithFailedItems_retriesOnlyThoseItems() {
    BatchProcessor p = processor(BatchConfig.custom());
    Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
    List<List<Integer>> calls = new CopyOnWriteArrayList<>();
    RetryPolicy retry = RetryPolicy.custom().maxAttempts(3).initialBackoff(Duration.ZERO).build();
    JobHandle<String> h = p.submit(Job.<Integer, String>itemwise(range(10), batch -> {
      calls.add(List.copyOf(batch));
      BatchOutcome.Builder<String> out = BatchOutcome.builder(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        int item = batch.get(i);
        int n = attempts.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
        if ((item == 3 || item == 7) && n == 1) {
          out.failure(i, new IOException("transient " + item));
        } else {
          out.success(i, "v" + item);
        }
      }
      return out.build();
    }).strategy(Strategy.SEQUENTIAL).batchSize(10).retryPolicy(retry).build());
    JobResult<String> r = h.result().join();
    assertThat(r.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(r.valuesOrThrow()).containsExactlyElementsOf(range(10).stream().map(i -> "v" + i).toList());
    assertThat(calls).containsExactly(range(10), List.of(3, 7));
    assertThat(attempts.get(0)).hasValue(1);
    assertThat(attempts.get(3)).hasValue(2);
    assertThat(p.stats().retries()).isEqualTo(2);
  }

  @Test
  void retry_wholeBatchKeepsFailing_reportsEachItemWithAttempts() {
    BatchProcessor p = processor(BatchConfig.custom());
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy retry = RetryPolicy.custom().maxAttempts(3).initialBackoff(Duration.ZERO).retryOn(IOException.class)
        .build();
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(range(6), batch -> {
      calls.incrementAndGet();
      if (batch.contains(0)) {
        throw new IOException("backend down");
      }
      return batch;
    }).strategy(Strategy.SEQUENTIAL).batchSize(3).retryPolicy(retry).build());
    JobResult<Integer> r = h.result().join();
    assertThat(r.status()).isEqualTo(JobStatus.FAILED);
    assertThat(r.failures()).extracting(ItemFailure::index).containsExactly(0, 1, 2);
    assertThat(r.failures()).allSatisfy(f -> {
      assertThat(f.attempts()).isEqualTo(3);
      assertThat(f.error()).isInstanceOf(IOException.class).hasMessage("backend down");
    });
    assertThat(r.values().subList(3, 6)).containsExactly(3, 4, 5);
    assertThat(calls).hasValue(4);
  }

  @Test
  void submit_itemFailsWithNonRetryableError_reportedInResultNeverDropped() {
    BatchProcessor p = processor(BatchConfig.custom().retryPolicy(
        RetryPolicy.custom().maxAttempts(5).initialBackoff(Duration.ZERO).retryOn(IOException.class).build()));
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>itemwise(range(10), batch -> {
      BatchOutcome.Builder<Integer> out = BatchOutcome.builder(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        if (batch.get(i) == 5) {
          out.failure(i, new IllegalArgumentException("bad item 5"));
        } else {
          out.success(i, batch.get(i));
        }
      }
      return out.build();
    }).strategy(Strategy.PARALLEL).batchSize(2).build());
    JobResult<Integer> r = h.result().join();
    assertThat(r.status()).isEqualTo(JobStatus.FAILED);
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.index()).isEqualTo(5);
      assertThat(f.item()).isEqualTo(5);
      assertThat(f.attempts()).isEqualTo(1);
      assertThat(f.error()).hasMessage("bad item 5");
    });
    assertThat(r.succeeded()).isEqualTo(9);
    assertThat(h.progress().itemsFailed()).isEqualTo(1);
    assertThatThrownBy(r::valuesOrThrow).isInstanceOf(BatchJobException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pipeline_twoStages_stageTwoOfBatchOneOverlapsStageOneOfBatchTwo() throws Exception {
    BatchProcessor p = processor(BatchConfig.custom());
    CountDownLatch stage2Batch1 = new CountDownLatch(1);
    CountDownLatch stage1Batch2 = new CountDownLatch(1);
    List<Boolean> overlapSeen = new CopyOnWriteArrayList<>();
    Pipeline<Integer, String> pipeline = Pipeline.<Integer, Integer>first("fetch", batch -> {
      if (batch.get(0) == 1) {
        stage1Batch2.countDown();
        // Only returns true if stage 2 is working on batch 1 at the same time.
        overlapSeen.add(stage2Batch1.await(WAIT, TimeUnit.SECONDS));
      }
      return batch.stream().map(x -> x * 10).toList();
    }).then("format", batch -> {
      if (batch.get(0) == 0) {
        stage2Batch1.countDown();
        overlapSeen.add(stage1Batch2.await(WAIT, TimeUnit.SECONDS));
      }
      return batch.stream().map(x -> "#" + x).toList();
    });
    JobHandle<String> h = p.submit(Job.pipeline(range(3), pipeline).batchSize(1).build());
    JobResult<String> r = h.result().get(WAIT * 2, TimeUnit.SECONDS);
    assertThat(overlapSeen).containsExactly(true, true);
    assertThat(r.valuesOrThrow()).containsExactly("#0", "#10", "#20");
  }

  @Test
  void pipeline_stageFails_failsThatBatchOnlyNamingTheStage() {
    BatchProcessor p = processor(BatchConfig.custom());
    Pipeline<Integer, Integer> pipeline = Pipeline.<Integer, Integer>first("fetch", b -> b).then("write", b -> {
      if (b.contains(4)) {
        throw new UncheckedIOException(new IOException("disk full"));
      }
      return b;
    });
    JobResult<Integer> r = p.submit(Job.pipeline(range(6), pipeline).batchSize(2).build()).result().join();
    assertThat(r.status()).isEqualTo(JobStatus.FAILED);
    assertThat(r.failures()).extracting(ItemFailure::index).containsExactly(4, 5);
    assertThat(r.failures().get(0).error()).hasMessageContaining("'write'").hasRootCauseMessage("disk full");
    assertThat(r.values().subList(0, 4)).containsExactly(0, 1, 2, 3);
  }

  @Test
  void statusAndResults_byId_reflectTheJob() {
    BatchProcessor p = processor(BatchConfig.custom());
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(range(5), b -> b).metadata("tenant", "acme").build());
    h.result().join();
    assertThat(p.status(h.id())).contains(JobStatus.COMPLETED);
    assertThat(p.results(h.id())).hasValueSatisfying(r -> {
      assertThat(r.values()).isEqualTo(List.of(0, 1, 2, 3, 4));
      assertThat(r.metadata()).containsEntry("tenant", "acme");
    });
    assertThat(p.status(h.id() + 1000)).isEmpty();
  }

  @Test
  void retainedJobs_exceeded_forgetsOldestFinished() {
    BatchProcessor p = processor(BatchConfig.custom().retainedJobs(2).concurrentJobs(1));
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(range(1), b -> b).build());
      h.result().join();
      ids.add(h.id());
    }
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> p.status(ids.get(0)).isEmpty());
    assertThat(p.status(ids.get(3))).contains(JobStatus.COMPLETED);
  }

  @Test
  void progress_listenerAndPublisher_receiveUpdatesAndTerminalProgress() {
    BatchProcessor p = processor(BatchConfig.custom().concurrentJobs(1));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    p.submit(blocker(running, release));
    awaitLatch(running);
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(range(50), b -> b).strategy(Strategy.SEQUENTIAL)
        .batchSize(5).build());
    List<Progress> seen = new CopyOnWriteArrayList<>();
    h.addListener(seen::add);
    List<Progress> streamed = new CopyOnWriteArrayList<>();
    CountDownLatch completed = new CountDownLatch(1);
    h.progressPublisher().subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(Progress item) {
        streamed.add(item);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onComplete() {
        completed.countDown();
      }
    });
    release.countDown();
    h.result().join();
    awaitLatch(completed);
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).status()
        == JobStatus.COMPLETED);
    Progress last = seen.get(seen.size() - 1);
    assertThat(last.itemsDone()).isEqualTo(50);
    assertThat(last.fraction()).isEqualTo(1.0);
    assertThat(last.eta()).isEmpty();
    assertThat(streamed.get(streamed.size() - 1).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(seen).extracting(Progress::itemsDone).isSorted();
  }

  @Test
  void progress_withInjectedTicker_reportsRateAndEta() {
    long[] now = {0};
    BatchProcessor p = processor(BatchConfig.custom().ticker(() -> now[0]));
    CountDownLatch half = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(range(100), batch -> {
      if (batch.get(0) == 50) {
        half.countDown();
        awaitLatch(proceed);
      }
      return batch;
    }).strategy(Strategy.SEQUENTIAL).batchSize(50).build());
    awaitLatch(half);
    now[0] = TimeUnit.SECONDS.toNanos(10);
    Progress mid = h.progress();
    proceed.countDown();
    assertThat(mid.itemsDone()).isEqualTo(50);
    assertThat(mid.itemsPerSecond()).isBetween(4.9, 5.1);
    assertThat(mid.eta()).hasValueSatisfying(d -> assertThat(d.toSeconds()).isBetween(9L, 11L));
    h.result().join();
  }

  @Test
  void close_withRunningJob_waitsForItAndLeavesNoThread() throws Exception {
    BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name("closewait").build());
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    JobHandle<Integer> h = p.submit(blocker(running, release));
    JobHandle<Integer> queued = p.submit(Job.<Integer, Integer>of(range(10), b -> b).build());
    awaitLatch(running);
    Thread closer = new Thread(p::close);
    closer.start();
    await().atMost(Duration.ofSeconds(WAIT)).until(p::isClosed);
    assertThatThrownBy(() -> p.submit(Job.<Integer, Integer>of(range(1), b -> b).build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(closer.isAlive()).isTrue();
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(WAIT));
    assertThat(closer.isAlive()).isFalse();
    assertThat(h.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(queued.status()).isEqualTo(JobStatus.COMPLETED);
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> threadsNamed("optimizer-batch-closewait-").isEmpty());
  }

  @Test
  void closeNow_withRunningAndQueuedJobs_cancelsThemAndLeavesNoThread() throws Exception {
    BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name("closenow").concurrentJobs(1).build());
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(range(10), batch -> {
      running.countDown();
      awaitLatch(release);
      return batch;
    }).strategy(Strategy.SEQUENTIAL).batchSize(1).build());
    JobHandle<Integer> queued = p.submit(Job.<Integer, Integer>of(range(10), b -> b).build());
    awaitLatch(running);
    Thread closer = new Thread(p::closeNow);
    closer.start();
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> queued.status() == JobStatus.CANCELLED);
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(WAIT));
    assertThat(h.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(h.result().join().values().get(0)).isEqualTo(0);
    assertThat(h.result().join().unprocessed()).hasSize(9);
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> threadsNamed("optimizer-batch-closenow-").isEmpty());
  }

  @Test
  void close_afterShutdownTimeout_cancelsRemainingJobs() throws Exception {
    BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name("closetimeout").concurrentJobs(1)
        .shutdownTimeout(Duration.ofMillis(1)).build());
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(range(10), batch -> {
      running.countDown();
      awaitLatch(release);
      return batch;
    }).strategy(Strategy.SEQUENTIAL).batchSize(1).build());
    awaitLatch(running);
    Thread closer = new Thread(p::close);
    closer.start();
    // The timeout passes while the first batch is blocked; close cancels the job, then joins (WAITING).
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> closer.getState() == Thread.State.WAITING);
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(WAIT));
    JobResult<Integer> r = h.result().join();
    assertThat(r.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(r.unprocessed()).hasSize(9);
  }

  @Test
  void close_fromInsideABatchFunction_returnsWithoutDeadlock() {
    BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name("selfclose").build());
    JobHandle<Integer> h = p.submit(Job.<Integer, Integer>of(range(4), batch -> {
      p.close();
      return batch;
    }).strategy(Strategy.SEQUENTIAL).batchSize(2).build());
    assertThat(h.result()).succeedsWithin(Duration.ofSeconds(WAIT))
        .satisfies(r -> assertThat(r.status()).isEqualTo(JobStatus.COMPLETED));
    assertThat(p.isClosed()).isTrue();
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> threadsNamed("optimizer-batch-selfclose-").isEmpty());
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith(prefix)).toList();
  }

  @Test
  void tunable_cpuPressure_capsWorkersThenRestores() {
    BatchProcessor p = processor(BatchConfig.custom().maxWorkers(8));
    OptimizerConfig oc = OptimizerConfig.custom().ignoreEnvironment().level(OptimizationLevel.ADVANCED).build();
    List<TuningEvent> down = p.tunable().adjust(Pressure.of(0.99, 0.1, oc));
    assertThat(down).singleElement().satisfies(e -> {
      assertThat(e.from()).isEqualTo("8");
      assertThat(e.to()).isEqualTo("6");
      assertThat(e.reason()).contains("CPU");
    });
    p.tunable().adjust(Pressure.of(0.99, 0.1, oc));
    p.tunable().adjust(Pressure.of(0.99, 0.1, oc));
    assertThat(p.workerCap()).isEqualTo(2);
    assertThat(p.stats().workerCap()).isEqualTo(2);
    JobResult<Integer> r = p.submit(Job.<Integer, Integer>of(range(100), b -> b).strategy(Strategy.PARALLEL)
        .batchSize(1).build()).result().join();
    assertThat(r.isSuccess()).isTrue();
    for (int i = 0; i < 4; i++) {
      p.tunable().adjust(Pressure.of(0.1, 0.1, oc));
    }
    assertThat(p.workerCap()).isEqualTo(8);
  }

  @Test
  void metrics_afterJobs_countJobsItemsBatchesAndQueueDepth() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name("metered").build());
    p.metrics().bindTo(registry);
    processors.add(p);
    p.submit(Job.<Integer, Integer>of(range(20), b -> b).strategy(Strategy.SEQUENTIAL).batchSize(5).build())
        .result().join();
    p.submit(Job.<Integer, Integer>of(range(2), b -> {
      throw new IllegalStateException("boom");
    }).build()).result().join();
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> p.stats().failed() == 1);
    assertThat(registry.get("optimizer.batch.jobs").tag("status", "completed").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("optimizer.batch.jobs").tag("status", "failed").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("optimizer.batch.items").tag("outcome", "succeeded").functionCounter().count())
        .isEqualTo(20);
    assertThat(registry.get("optimizer.batch.items").tag("outcome", "failed").functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("optimizer.batch.size").tag("processor", "metered").summary().count()).isEqualTo(5);
    assertThat(registry.get("optimizer.batch.latency").timer().count()).isEqualTo(5);
    assertThat(registry.get("optimizer.batch.queue.depth").gauge().value()).isZero();
    BatchStats s = p.stats();
    assertThat(s.submitted()).isEqualTo(2);
    assertThat(s.itemsSucceeded()).isEqualTo(20);
    assertThat(s.meanBatchSize()).isGreaterThan(1);
  }

  // Issue 12, one metrics pattern: stats() carries times as Duration.
  @Test
  void stats_afterJob_reportsCountsAndMeanBatchLatencyAsDuration() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name("timed").ticker(now::get).build());
    processors.add(p);
    // each batch call moves the ticker 3 ms, so every batch takes exactly 3 ms by the processor's clock
    p.submit(Job.<Integer, Integer>of(range(10), b -> {
      now.addAndGet(TimeUnit.MILLISECONDS.toNanos(3));
      return b;
    }).strategy(Strategy.SEQUENTIAL).batchSize(5).build()).result().join();

    BatchStats s = p.stats();
    assertThat(s.submitted()).isEqualTo(1);
    assertThat(s.completed()).isEqualTo(1);
    assertThat(s.itemsSucceeded()).isEqualTo(10);
    assertThat(s.batches()).isEqualTo(2);
    assertThat(s.meanBatchSize()).isEqualTo(5.0);
    assertThat(s.meanBatchLatency()).isEqualTo(Duration.ofMillis(3));
  }

  @Test
  void stats_beforeAnyBatch_meanBatchLatencyIsZero() {
    BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name("idle").build());
    processors.add(p);
    assertThat(p.stats().meanBatchLatency()).isEqualTo(Duration.ZERO);
  }

  // Issue 12: nothing registers meters in a constructor; only binding metrics() does.
  @Test
  void create_withRegistryAround_registersNothingUntilBound() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
    try {
      BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name("unbound").build());
      processors.add(p);
      p.submit(Job.<Integer, Integer>of(range(4), b -> b).batchSize(2).build()).result().join();
      assertThat(registry.getMeters()).isEmpty();

      p.metrics().bindTo(registry);
      assertThat(registry.getMeters()).isNotEmpty();
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    }
  }

  @Test
  void metrics_bound_exposesDocumentedMetersTaggedWithProcessor() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BatchProcessor p = BatchProcessor.create(BatchConfig.custom().name("named").build());
    processors.add(p);
    p.metrics().bindTo(registry);

    assertThat(registry.getMeters()).allSatisfy(m -> {
      assertThat(m.getId().getName()).startsWith("optimizer.batch.");
      assertThat(m.getId().getTag("processor")).isEqualTo("named");
    });
    assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).contains("optimizer.batch.jobs",
        "optimizer.batch.jobs.submitted", "optimizer.batch.jobs.rejected", "optimizer.batch.items",
        "optimizer.batch.retries", "optimizer.batch.queue.depth", "optimizer.batch.jobs.running",
        "optimizer.batch.workers.cap", "optimizer.batch.size", "optimizer.batch.latency");
  }
}
