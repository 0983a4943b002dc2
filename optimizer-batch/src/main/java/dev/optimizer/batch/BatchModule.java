package dev.optimizer.batch;

import dev.optimizer.batch.internal.BatchSettings;
import dev.optimizer.batch.internal.CoalescingInterceptor;
import dev.optimizer.batch.internal.SplitInterceptor;
import dev.optimizer.batch.internal.redis.SettingsJobStore;
import dev.optimizer.core.spi.AnnotationLookup;
import dev.optimizer.core.Feature;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.core.spi.ModuleContext;
import dev.optimizer.core.spi.OptimizerModule;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch module: found by {@link java.util.ServiceLoader} when {@code optimizer-batch} is on the
 * classpath, it owns a {@link BatchProcessor} (meters on the optimizer's registry, its worker cap
 * registered as a tunable) and makes {@link BatchProcess} and {@link ParallelProcess} work on proxies.
 * Feature {@link Feature#BATCH}, order 300 (inside the cache and lazy modules, outside compression).
 *
 * <p>With {@code optimizer.batch.job-store.redis=true} (or {@code OPTIMIZER_BATCH_JOB_STORE_REDIS}) and no job
 * store chosen in the {@link BatchConfig}, the processor's named jobs live in a {@link RedisJobStore} on the
 * process's shared connection for the bound {@code optimizer.redis.*} settings; the module closes that
 * connection reference on {@link #close()}. Starting fails with {@link IllegalStateException} when {@code
 * optimizer-redis} is not on the classpath.
 *
 * <pre>{@code
 * BatchProcessor processor = optimizer.module(BatchModule.class).processor();
 * }</pre>
 */
public final class BatchModule implements OptimizerModule {
  private static final Logger log = LoggerFactory.getLogger(BatchModule.class);
  private final BatchConfig configured;
  /** The configuration in force: the given one completed by the optimizer's bound settings at start. */
  private volatile BatchConfig config;
  private volatile @Nullable BatchProcessor processor;
  private volatile @Nullable ModuleContext context;
  private final List<CoalescingInterceptor> coalescing = new CopyOnWriteArrayList<>();
  private volatile @Nullable AutoCloseable ownedConnection;

  /** The module with {@link BatchConfig#ofDefaults()}; used by the ServiceLoader. */
  public BatchModule() {
    this(BatchConfig.ofDefaults());
  }

  /** The module with the given processor configuration (register it with {@code Optimizer.builder().module}). */
  public BatchModule(BatchConfig config) {
    this.configured = Objects.requireNonNull(config, "config");
    this.config = config;
  }

  @Override
  public String name() {
    return "batch";
  }

  @Override
  public Optional<Feature> feature() {
    return Optional.of(Feature.BATCH);
  }

  @Override
  public int order() {
    return 300;
  }

  @Override
  public void start(ModuleContext context) {
    this.context = context;
    // Bound optimizer.batch.* values fill what the configuration's builder did not set; so does the
    // optimizer's ticker.
    BatchConfig.Builder b = configured.toBuilder().defaultTicker(context.ticker()).settings(context.settings());
    if (!configured.jobStoreChosen() && context.settings().get(BatchSettings.JOB_STORE_REDIS).orElse(false)) {
      b.jobStore(redisJobStore(context));
    }
    this.config = b.build();
    BatchProcessor p = BatchProcessor.create(config);
    p.metrics().bindTo(context.meterRegistry());
    this.processor = p;
    context.registerTunable(p.tunable());
  }

  /**
   * The module's processor.
   *
   * @throws IllegalStateException before {@link #start}
   */
  public BatchProcessor processor() {
    BatchProcessor p = processor;
    if (p == null) {
      throw new IllegalStateException("batch module not started");
    }
    return p;
  }

  @Override
  public List<MethodInterceptor> interceptorsFor(Method method, Class<?> targetClass) {
    BatchProcess batch = AnnotationLookup.find(method, targetClass, BatchProcess.class);
    ParallelProcess parallel = AnnotationLookup.find(method, targetClass, ParallelProcess.class);
    if (batch != null && parallel != null) {
      throw new IllegalArgumentException(method + ": @BatchProcess and @ParallelProcess exclude each other");
    }
    if (parallel != null) {
      return List.of(SplitInterceptor.create(this::processor, method, "@ParallelProcess", 1, Strategy.PARALLEL,
          parallel.maxWorkers(), null));
    }
    if (batch == null) {
      return List.of();
    }
    if (!batch.bulk().isEmpty()) {
      ModuleContext ctx = context;
      MeterRegistry registry = ctx == null ? null : ctx.meterRegistry();
      CoalescingInterceptor c = CoalescingInterceptor.create(method, targetClass, batch.bulk(), batch.batchSize(),
          batch.maxDelayMillis(), registry);
      coalescing.add(c);
      return List.of(c);
    }
    return List.of(SplitInterceptor.create(this::processor, method, "@BatchProcess", batch.batchSize(),
        batch.strategy(), batch.maxWorkers(), batch.strategy() == Strategy.ADAPTIVE
            ? AdaptiveTuning.of(config) : null));
  }

  /** {@code optimizer.batch.job-store.redis=true}: a store on the process's shared connection, owned by this module. */
  private JobStore redisJobStore(ModuleContext context) {
    try {
      Class.forName("dev.optimizer.redis.RedisConnection", false, BatchModule.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("optimizer.batch.job-store.redis=true needs dev.optimizer:optimizer-redis on "
          + "the classpath", e);
    }
    AutoCloseable connection = SettingsJobStore.connection(context.settings());
    try {
      JobStore store = SettingsJobStore.store(connection, context.settings());
      ownedConnection = connection;
      log.info("batch module: named jobs live in Redis through {}", connection);
      return store;
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.warn("batch module: closing the job store's Redis connection failed", e);
    }
  }

  /**
   * Closes the coalescers and the processor (see {@link BatchProcessor#close()}), then the Redis connection the
   * module opened for {@code optimizer.batch.job-store.redis}; unregisters the tunable.
   */
  @Override
  public void close() {
    for (CoalescingInterceptor c : coalescing) {
      c.close();
    }
    coalescing.clear();
    BatchProcessor p = processor;
    if (p != null) {
      ModuleContext ctx = context;
      if (ctx != null) {
        ctx.unregisterTunable(p.tunable());
      }
      p.close();
    }
    AutoCloseable c = ownedConnection;
    ownedConnection = null;
    if (c != null) {
      closeQuietly(c);
    }
  }
}
