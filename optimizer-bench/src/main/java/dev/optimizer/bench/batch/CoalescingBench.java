package dev.optimizer.bench.batch;

import dev.optimizer.batch.Coalescer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dataloader.BatchLoader;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderOptions;
import org.dataloader.registries.DispatchPredicate;
import org.dataloader.registries.ScheduledDataLoaderRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 100 concurrent callers each asking for one key of a backend that serves one call at a time and costs
 * 1 ms per call plus 5 µs per item ({@link SimulatedRemote}). Score: keys per second (all threads).
 *
 * <p>{@code impl=COALESCER} is ours ({@link Coalescer}, defaults: batches of up to 100 keys, 10 ms
 * maximum delay, one bulk call in flight); {@code PER_ITEM} (one backend call per key) is the baseline
 * users have now; {@code DATALOADER} is the peer, graphql-java's {@code java-dataloader} with caching
 * off, batches of up to 100, dispatched by a {@code ScheduledDataLoaderRegistry} ticking every 1 ms.
 * Issue 6 target: COALESCER / PER_ITEM &ge; 20.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'CoalescingBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(100)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CoalescingBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "batch";

  /** Who turns single-key calls into backend calls. */
  public enum Impl {
    /** Ours: {@code Coalescer.load(key).join()}. */
    COALESCER,
    /** Baseline: one backend call per key. */
    PER_ITEM,
    /** Peer: graphql-java {@code DataLoader.load(key).join()} with a scheduled dispatcher. */
    DATALOADER
  }

  /** The implementation measured. */
  @Param
  public Impl impl;

  private SimulatedRemote backend;
  private Coalescer<Long, String> coalescer;
  private DataLoader<Long, String> dataLoader;
  private ScheduledDataLoaderRegistry registry;
  private ScheduledExecutorService dispatcher;
  private final AtomicLong keys = new AtomicLong();

  /** Builds the backend and the implementation. */
  @Setup(Level.Trial)
  public void setUp() {
    backend = new SimulatedRemote(TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(5));
    switch (impl) {
      case COALESCER -> coalescer = Coalescer.<Long, String>builder(backend::getAll).name("bench").build();
      case DATALOADER -> {
        BatchLoader<Long, String> loader = ks -> CompletableFuture.supplyAsync(() -> {
          Map<Long, String> found = backend.getAll(new java.util.LinkedHashSet<>(ks));
          List<String> out = new ArrayList<>(ks.size());
          for (Long k : ks) {
            out.add(found.get(k));
          }
          return out;
        });
        dataLoader = DataLoaderFactory.newDataLoader(loader, DataLoaderOptions.newOptions().setCachingEnabled(false)
            .setMaxBatchSize(100).build());
        dispatcher = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "dataloader-dispatch");
          t.setDaemon(true);
          return t;
        });
        registry = ScheduledDataLoaderRegistry.newScheduledRegistry().register("users", dataLoader)
            .dispatchPredicate(DispatchPredicate.DISPATCH_ALWAYS).scheduledExecutorService(dispatcher)
            .schedule(Duration.ofMillis(1)).tickerMode(true).build();
        registry.dispatchAll();
      }
      default -> { }
    }
  }

  /** Stops threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (coalescer != null) {
      coalescer.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (dispatcher != null) {
      dispatcher.shutdownNow();
    }
  }

  /** One caller asks for one key and waits for its value. */
  @Benchmark
  public String load() {
    long key = keys.incrementAndGet();
    return switch (impl) {
      case COALESCER -> coalescer.load(key).join();
      case PER_ITEM -> backend.get(key);
      case DATALOADER -> {
        CompletionStage<String> f = dataLoader.load(key);
        yield f.toCompletableFuture().join();
      }
    };
  }
}
