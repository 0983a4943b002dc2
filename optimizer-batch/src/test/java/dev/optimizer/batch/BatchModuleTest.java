package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.Feature;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchModuleTest {
  private static final long WAIT = 30;
  private final List<Optimizer> optimizers = new ArrayList<>();

  private Optimizer optimizer(boolean batchEnabled) {
    OptimizerConfig config = OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .level(OptimizationLevel.NONE).feature(Feature.BATCH, batchEnabled).build();
    Optimizer o = Optimizer.builder().config(config).build();
    optimizers.add(o);
    return o;
  }

  @AfterEach
  void close() {
    optimizers.forEach(Optimizer::close);
  }

  /** The service users write. */
  public interface Orders {
    @BatchProcess(batchSize = 3, strategy = Strategy.PARALLEL, maxWorkers = 2)
    List<String> label(List<Integer> ids);

    @BatchProcess(batchSize = 4, strategy = Strategy.SEQUENTIAL)
    Map<Integer, String> index(String prefix, Collection<Integer> ids);

    @BatchProcess(batchSize = 2, strategy = Strategy.ADAPTIVE)
    List<Integer> square(List<Integer> xs);

    @ParallelProcess(maxWorkers = 4)
    List<Integer> each(List<Integer> xs);

    @BatchProcess(batchSize = 2)
    void store(List<Integer> xs);

    @BatchProcess(bulk = "findAll", batchSize = 50, maxDelayMillis = 2)
    String find(Integer id);

    @BatchProcess(bulk = "findAll", batchSize = 50, maxDelayMillis = 2)
    Optional<String> maybe(Integer id);

    @BatchProcess(bulk = "findAll", batchSize = 50, maxDelayMillis = 2)
    CompletableFuture<String> findAsync(Integer id);

    Map<Integer, String> findAll(Collection<Integer> ids);
  }

  static final class OrderService implements Orders {
    final List<List<Integer>> calls = new CopyOnWriteArrayList<>();
    final List<Set<Integer>> bulkCalls = new CopyOnWriteArrayList<>();
    final List<Integer> stored = new CopyOnWriteArrayList<>();
    volatile int failOn = -1;

    @Override
    public List<String> label(List<Integer> ids) {
      calls.add(List.copyOf(ids));
      if (ids.contains(failOn)) {
        throw new IllegalStateException("cannot label " + failOn);
      }
      return ids.stream().map(i -> "#" + i).toList();
    }

    @Override
    public Map<Integer, String> index(String prefix, Collection<Integer> ids) {
      calls.add(List.copyOf(ids));
      Map<Integer, String> out = new HashMap<>();
      ids.forEach(i -> out.put(i, prefix + i));
      return out;
    }

    @Override
    public List<Integer> square(List<Integer> xs) {
      calls.add(List.copyOf(xs));
      return xs.stream().map(x -> x * x).toList();
    }

    @Override
    public List<Integer> each(List<Integer> xs) {
      calls.add(List.copyOf(xs));
      return xs.stream().map(x -> x + 1).toList();
    }

    @Override
    public void store(List<Integer> xs) {
      calls.add(List.copyOf(xs));
      stored.addAll(xs);
    }

    @Override
    public String find(Integer id) {
      throw new AssertionError("coalesced calls go to findAll");
    }

    @Override
    public Optional<String> maybe(Integer id) {
      throw new AssertionError("coalesced calls go to findAll");
    }

    @Override
    public CompletableFuture<String> findAsync(Integer id) {
      throw new AssertionError("coalesced calls go to findAll");
    }

    @Override
    public Map<Integer, String> findAll(Collection<Integer> ids) {
      bulkCalls.add(Set.copyOf(ids));
      if (ids.contains(failOn)) {
        throw new IllegalStateException("bulk failed for " + ids.size());
      }
      Map<Integer, String> out = new HashMap<>();
      ids.stream().filter(i -> i >= 0).forEach(i -> out.put(i, "user" + i));
      return out;
    }
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void proxy_splitMethod_runsBatchesAndMergesInInputOrder() {
    OrderService target = new OrderService();
    Orders orders = optimizer(true).proxy(Orders.class, target);
    List<String> out = orders.label(range(10));
    assertThat(out).containsExactlyElementsOf(range(10).stream().map(i -> "#" + i).toList());
    assertThat(target.calls).hasSize(4).allSatisfy(c -> assertThat(c.size()).isLessThanOrEqualTo(3));
  }

  @Test
  void proxy_splitMethodBatchFails_rethrowsTheTargetsException() {
    OrderService target = new OrderService();
    target.failOn = 7;
    Orders orders = optimizer(true).proxy(Orders.class, target);
    assertThatThrownBy(() -> orders.label(range(10))).isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot label 7");
  }

  @Test
  void proxy_mapReturnAndExtraParameter_mergesMapsAndPassesOtherArguments() {
    OrderService target = new OrderService();
    Orders orders = optimizer(true).proxy(Orders.class, target);
    Map<Integer, String> out = orders.index("k", range(10));
    assertThat(out).hasSize(10).containsEntry(9, "k9");
    assertThat(target.calls).hasSize(3);
  }

  @Test
  void proxy_adaptiveMethod_returnsOneResultPerElementInOrder() {
    OrderService target = new OrderService();
    Orders orders = optimizer(true).proxy(Orders.class, target);
    List<Integer> xs = range(1000);
    assertThat(orders.square(xs)).containsExactlyElementsOf(xs.stream().map(x -> x * x).toList());
  }

  @Test
  void proxy_parallelProcess_callsTargetOncePerElement() {
    OrderService target = new OrderService();
    Orders orders = optimizer(true).proxy(Orders.class, target);
    assertThat(orders.each(range(20))).containsExactlyElementsOf(IntStream.range(1, 21).boxed().toList());
    assertThat(target.calls).hasSize(20).allSatisfy(c -> assertThat(c).hasSize(1));
  }

  @Test
  void proxy_voidMethod_processesEveryElement() {
    OrderService target = new OrderService();
    Orders orders = optimizer(true).proxy(Orders.class, target);
    orders.store(range(5));
    assertThat(target.stored).containsExactlyInAnyOrderElementsOf(range(5));
  }

  @Test
  void proxy_coalescedMethodUnderConcurrency_collapsesIntoFewBulkCalls() throws Exception {
    OrderService target = new OrderService();
    Orders orders = optimizer(true).proxy(Orders.class, target);
    int callers = 200;
    CountDownLatch ready = new CountDownLatch(callers);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<String>> results = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      int id = i;
      CompletableFuture<String> f = new CompletableFuture<>();
      results.add(f);
      Thread t = new Thread(() -> {
        try {
          ready.countDown();
          go.await(WAIT, TimeUnit.SECONDS);
          f.complete(orders.find(id));
        } catch (Throwable e) {
          f.completeExceptionally(e);
        }
      });
      threads.add(t);
      t.start();
    }
    ready.await(WAIT, TimeUnit.SECONDS);
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(WAIT));
    }
    for (int i = 0; i < callers; i++) {
      assertThat(results.get(i).join()).isEqualTo("user" + i);
    }
    assertThat(target.bulkCalls.stream().mapToInt(Set::size).sum()).isEqualTo(callers);
    assertThat(target.bulkCalls.size()).isLessThan(callers);
  }

  @Test
  void proxy_coalescedMissingKey_returnsNullOrEmptyOptional() {
    OrderService target = new OrderService();
    Orders orders = optimizer(true).proxy(Orders.class, target);
    assertThat(orders.find(-5)).isNull();
    assertThat(orders.maybe(-5)).isEmpty();
    assertThat(orders.maybe(5)).contains("user5");
    assertThat(orders.findAsync(6)).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo("user6");
  }

  @Test
  void proxy_coalescedBulkFails_callerGetsTheBulkException() {
    OrderService target = new OrderService();
    target.failOn = 3;
    Orders orders = optimizer(true).proxy(Orders.class, target);
    assertThatThrownBy(() -> orders.find(3)).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("bulk failed");
  }

  @Test
  void proxy_batchFeatureOff_callsTargetDirectly() {
    OrderService target = new OrderService();
    Orders orders = optimizer(false).proxy(Orders.class, target);
    orders.label(range(10));
    assertThat(target.calls).containsExactly(range(10));
  }

  public interface NoCollection {
    @BatchProcess(batchSize = 2)
    List<String> get(String id);
  }

  public interface NoBulk {
    @BatchProcess(bulk = "loadMany")
    String get(String id);
  }

  public interface WrongReturn {
    @BatchProcess(batchSize = 2)
    String join(List<String> parts);
  }

  public interface PipelineAnnotated {
    @BatchProcess(strategy = Strategy.PIPELINE)
    List<String> run(List<String> parts);
  }

  @Test
  void proxy_unusableAnnotations_rejectedNamingTheMethod() {
    Optimizer o = optimizer(true);
    assertThatThrownBy(() -> o.proxy(NoCollection.class, id -> List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("get").hasMessageContaining("List, Collection or Set");
    assertThatThrownBy(() -> o.proxy(NoBulk.class, id -> id)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loadMany");
    assertThatThrownBy(() -> o.proxy(WrongReturn.class, parts -> "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be merged");
    assertThatThrownBy(() -> o.proxy(PipelineAnnotated.class, parts -> parts))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PIPELINE");
  }

  @Test
  void serviceLoader_defaultOptimizer_findsBatchModuleWithItsProcessor() {
    Optimizer o = optimizer(true);
    assertThat(o.moduleNames()).contains("batch");
    BatchModule module = o.module(BatchModule.class);
    assertThat(module.order()).isEqualTo(300);
    assertThat(module.feature()).contains(Feature.BATCH);
    JobResult<Integer> r = module.processor().submit(Job.<Integer, Integer>of(range(3), b -> b).build()).result()
        .join();
    assertThat(r.isSuccess()).isTrue();
    assertThat(o.meterRegistry().find("optimizer.batch.jobs").tag("status", "completed").functionCounter())
        .isNotNull();
  }

  @Test
  void optimizeNow_cpuPressure_capsProcessorWorkersThenRestores() {
    double[] cpu = {0.99};
    OptimizerConfig config = OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .level(OptimizationLevel.ADVANCED).build();
    Optimizer o = Optimizer.builder().config(config).discoverModules(false)
        .module(new BatchModule(BatchConfig.custom().name("tuned").maxWorkers(8).build()))
        .sampleSource(() -> new dev.optimizer.core.SystemSample(java.time.Instant.now(), Map.of(
            dev.optimizer.core.SystemMetric.SYSTEM_CPU, cpu[0], dev.optimizer.core.SystemMetric.PROCESS_CPU, cpu[0],
            dev.optimizer.core.SystemMetric.MEMORY_USED, 0.1, dev.optimizer.core.SystemMetric.HEAP_USED, 0.1), 0))
        .build();
    optimizers.add(o);
    BatchProcessor processor = o.module(BatchModule.class).processor();
    assertThat(o.optimizeNow()).anySatisfy(e -> assertThat(e.target()).isEqualTo("batch.tuned"));
    assertThat(processor.workerCap()).isLessThan(8);
    cpu[0] = 0.05;
    for (int i = 0; i < 8; i++) {
      o.optimizeNow();
    }
    assertThat(processor.workerCap()).isEqualTo(8);
  }

  @Test
  void close_optimizer_stopsEveryBatchThread() {
    OptimizerConfig config = OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .level(OptimizationLevel.NONE).build();
    Optimizer o = Optimizer.builder().config(config).discoverModules(false)
        .module(new BatchModule(BatchConfig.custom().name("modclose").build())).build();
    Orders orders = o.proxy(Orders.class, new OrderService());
    orders.label(range(10));
    orders.find(1);
    o.close();
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.isAlive() && (t.getName().startsWith("optimizer-batch-modclose")
            || t.getName().startsWith("optimizer-batch-batch.Orders"))));
  }

  @Test
  void start_configWithoutTicker_processorUsesOptimizersTicker() {
    FakeTicker ticker = new FakeTicker();
    Optimizer o = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
            .level(OptimizationLevel.NONE).build()).discoverModules(false).ticker(ticker)
        .module(new BatchModule(BatchConfig.custom().name("ticked").build())).build();
    optimizers.add(o);
    assertThat(o.module(BatchModule.class).processor().config().ticker()).isSameAs(ticker);
  }

  @Test
  void start_configWithOwnTicker_keepsIt() {
    FakeTicker own = new FakeTicker();
    Optimizer o = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
            .level(OptimizationLevel.NONE).build()).discoverModules(false).ticker(new FakeTicker())
        .module(new BatchModule(BatchConfig.custom().name("own").ticker(own).build())).build();
    optimizers.add(o);
    assertThat(o.module(BatchModule.class).processor().config().ticker()).isSameAs(own);
  }
}
