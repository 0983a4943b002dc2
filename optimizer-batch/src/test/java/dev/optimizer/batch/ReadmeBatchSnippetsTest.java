package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java snippets of docs/batch.md (the coalescer also in the README's quick start), compiled and run;
 * the regions between the tag markers are checked against README.md and docs/*.md by optimizer-bench's
 * ReadmeSnippetsCheckTest.
 */
class ReadmeBatchSnippetsTest {
  private static final Logger log = LoggerFactory.getLogger(ReadmeBatchSnippetsTest.class);

  public record User(long id) {}

  /** Fails its first call with an IOException, so the retry policy has something to retry. */
  static final class UserRepo {
    final AtomicInteger calls = new AtomicInteger();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    List<User> findAll(List<Long> ids) throws IOException {
      if (calls.incrementAndGet() == 1) {
        throw new IOException("connection reset");
      }
      batchSizes.add(ids.size());
      return ids.stream().map(User::new).toList();
    }

    Map<Long, User> findAllById(Set<Long> ids) {
      calls.incrementAndGet();
      Map<Long, User> out = new HashMap<>();
      ids.forEach(id -> out.put(id, new User(id)));
      return out;
    }
  }

  @Test
  void jobsSnippet_parallelJobWithRetry_completesWithResultsInInputOrder() {
    UserRepo userRepo = new UserRepo();
    List<Long> ids = LongStream.rangeClosed(1, 1000).boxed().toList();
    List<Progress> seen = new CopyOnWriteArrayList<>();
    // tag::batch-jobs[]
    try (BatchProcessor processor = BatchProcessor.create(BatchConfig.ofDefaults())) {
      JobHandle<User> h = processor.submit(
          Job.of(ids, (List<Long> batch) -> userRepo.findAll(batch))   // one result per item, in order
             .strategy(Strategy.PARALLEL).batchSize(200).maxWorkers(4)
             .priority(5).metadata("tenant", "acme")
             .retryPolicy(RetryPolicy.custom().maxAttempts(3).initialBackoff(Duration.ofMillis(50))
                 .retryOn(IOException.class).build())
             .build());
      h.addListener(p -> log.info("{}/{} done, {} failed, ETA {}", p.itemsDone(), p.itemsTotal(),
          p.itemsFailed(), p.eta()));
      // end::batch-jobs[]
      h.addListener(seen::add);
      // tag::batch-jobs[]
      JobResult<User> r = h.result().join();   // COMPLETED, FAILED (see r.failures()) or CANCELLED
      List<User> users = r.valuesOrThrow();    // in input order
      // end::batch-jobs[]
      assertThat(r.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(r.failures()).isEmpty();
      assertThat(users).extracting(User::id).containsExactlyElementsOf(ids);
      assertThat(userRepo.calls).as("the failed batch was retried").hasValueGreaterThan(5);
      assertThat(userRepo.batchSizes).allMatch(n -> n <= 200);
      assertThat(seen).as("listeners receive progress").isNotEmpty();
      // tag::batch-jobs[]
    }
    // end::batch-jobs[]
  }

  @Test
  void coalescingSnippet_concurrentLoads_coalescedIntoBulkCalls() {
    UserRepo repo = new UserRepo();
    // tag::batch-coalescer[]
    Coalescer<Long, User> users = Coalescer.builder((Set<Long> ids) -> repo.findAllById(ids))
        .maxBatchSize(100).maxDelay(Duration.ofMillis(5)).build();
    CompletableFuture<User> u = users.load(42L);   // many concurrent loads -> one findAllById
    // end::batch-coalescer[]
    try (users) {
      CompletableFuture<User> again = users.load(42L);
      List<CompletableFuture<User>> more = new ArrayList<>();
      for (long id = 1; id <= 50; id++) {
        more.add(users.load(id));
      }
      assertThat(u.join()).isEqualTo(new User(42));
      assertThat(again.join()).isEqualTo(new User(42));
      for (int i = 0; i < more.size(); i++) {
        assertThat(more.get(i).join()).isEqualTo(new User(i + 1));
      }
      // 52 loads issued back to back within the 5 ms window; how many windows they span depends on
      // scheduling, but never one call per load.
      assertThat(repo.calls).hasValueLessThan(10);
      assertThat(users.stats().toString()).isNotEmpty();
    }
  }

  public record Order(long id) {}

  public record Receipt(long orderId) {}

  public record Recipient(String address) {}

  public record Result(String address, boolean sent) {}

  // tag::batch-annotations[]
  public interface Orders {
    @BatchProcess(batchSize = 500, strategy = Strategy.PARALLEL, maxWorkers = 4)
    List<Receipt> charge(List<Order> orders);          // split, run, merged in input order

    @BatchProcess(bulk = "findAll", batchSize = 100, maxDelayMillis = 5)
    User find(long id);                                // concurrent calls coalesce into findAll
    Map<Long, User> findAll(Collection<Long> ids);

    @ParallelProcess(maxWorkers = 8)
    List<Result> send(List<Recipient> recipients);     // each element on its own, in parallel
  }
  // end::batch-annotations[]

  static final class OrderService implements Orders {
    final List<Integer> chargeSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger singleFinds = new AtomicInteger();
    final AtomicInteger bulkFinds = new AtomicInteger();
    final Set<Integer> sendSizes = ConcurrentHashMap.newKeySet();

    @Override
    public List<Receipt> charge(List<Order> orders) {
      chargeSizes.add(orders.size());
      return orders.stream().map(o -> new Receipt(o.id())).toList();
    }

    @Override
    public User find(long id) {
      singleFinds.incrementAndGet();
      return new User(id);
    }

    @Override
    public Map<Long, User> findAll(Collection<Long> ids) {
      bulkFinds.incrementAndGet();
      Map<Long, User> out = new HashMap<>();
      ids.forEach(id -> out.put(id, new User(id)));
      return out;
    }

    @Override
    public List<Result> send(List<Recipient> recipients) {
      sendSizes.add(recipients.size());
      return recipients.stream().map(r -> new Result(r.address(), true)).toList();
    }
  }

  @Test
  void annotationsSnippet_splitCoalesceParallel_asCommented() {
    OrderService target = new OrderService();
    try (Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build()).build()) {
      Orders orders = optimizer.proxy(Orders.class, target);

      List<Order> many = LongStream.rangeClosed(1, 1200).mapToObj(Order::new).toList();
      assertThat(orders.charge(many)).extracting(Receipt::orderId)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 1200).boxed().toList());
      assertThat(target.chargeSizes).as("split into batches of at most 500").hasSize(3)
          .allMatch(n -> n <= 500);

      assertThat(orders.find(7)).isEqualTo(new User(7));
      assertThat(target.singleFinds).as("find went through findAll").hasValue(0);
      assertThat(target.bulkFinds).hasValue(1);

      List<Recipient> recipients = List.of(new Recipient("a"), new Recipient("b"), new Recipient("c"));
      assertThat(orders.send(recipients)).extracting(Result::address).containsExactly("a", "b", "c");
      assertThat(target.sendSizes).as("each element on its own").containsExactly(1);
    }
  }
}
