package dev.optimizer.core;

import dev.optimizer.core.spi.SampleSource;
import dev.optimizer.core.spi.OptimizerModule;
import dev.optimizer.core.spi.ModuleContext;
import dev.optimizer.core.spi.AnnotationLookup;
import dev.optimizer.core.spi.Settings;
import dev.optimizer.core.internal.InterceptionEngine;
import dev.optimizer.core.internal.OshiSampleSource;
import dev.optimizer.core.internal.SystemMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: owns the configuration, the {@link MeterRegistry}, the {@link SystemMonitor}, the
 * {@link PerformanceOptimizer} tuning loop, the modules found on the classpath and the interception
 * engine.
 *
 * <pre>{@code
 * try (Optimizer optimizer = Optimizer.builder().build()) {
 *   UserService fast = optimizer.proxy(UserService.class, new DbUserService());
 *   log.info("{}", optimizer.stats()); // system figures and tuning events
 * }
 * }</pre>
 *
 * <p>Threads: at most one, the daemon {@code optimizer-monitor} sampler, which also runs the tuning
 * passes; {@link #close()} stops it and closes every module. All methods are thread-safe.
 */
public final class Optimizer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Optimizer.class);

  private final OptimizerConfig config;
  private final MeterRegistry registry;
  private final boolean ownsRegistry;
  private final Ticker ticker;
  private final SystemMonitor monitor;
  private final PerformanceOptimizer tuning;
  private final List<OptimizerModule> modules;
  private final InterceptionEngine engine;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Optimizer(Builder b) {
    this.config = b.config != null ? b.config : OptimizerConfig.ofDefaults();
    this.ownsRegistry = b.registry == null;
    this.registry = b.registry != null ? b.registry : new SimpleMeterRegistry();
    this.ticker = b.ticker;
    SampleSource source = b.source != null ? b.source : new OshiSampleSource(ticker);
    this.monitor = new SystemMonitor(source, config.monitorInterval(), config.monitorWindow());
    this.tuning = new PerformanceOptimizer(config, registry, ticker);
    // The optimizer owns the lifecycle, so it binds its own engines' meters, as a module's start() does.
    tuning.metrics().bindTo(registry);
    new SystemMeterBinder(monitor).bindTo(registry);

    List<OptimizerModule> found = new ArrayList<>(b.modules);
    if (b.discover) {
      for (OptimizerModule m : ServiceLoader.load(OptimizerModule.class, b.classLoader())) {
        if (found.stream().noneMatch(x -> x.getClass() == m.getClass())) {
          found.add(m);
        }
      }
    }
    found.sort(Comparator.comparingInt(OptimizerModule::order));
    this.modules = List.copyOf(found);
    this.engine = new InterceptionEngine(modules, config);
    startModules();
    monitor.addListener(tuning::evaluate);
    if (config.monitoringEnabled()) {
      monitor.start();
    }
    log.info("optimizer started: {} with modules {}", config, moduleNames());
  }

  private void startModules() {
    ModuleContext context = new Context();
    List<OptimizerModule> started = new ArrayList<>();
    for (OptimizerModule m : modules) {
      try {
        m.start(context);
        started.add(m);
      } catch (RuntimeException e) {
        for (int i = started.size() - 1; i >= 0; i--) {
          closeQuietly(started.get(i));
        }
        throw new IllegalStateException("module " + m.name() + " failed to start", e);
      }
    }
  }

  /** A builder with defaults: {@link OptimizerConfig#ofDefaults()}, an owned registry, OSHI sampling. */
  public static Builder builder() {
    return new Builder();
  }

  /** The configuration in force. */
  public OptimizerConfig config() {
    return config;
  }

  /** The registry every module binds its meters to. */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** The system monitor. */
  public SystemMonitor monitor() {
    return monitor;
  }

  /** The tuning loop, e.g. to register a tunable of your own. */
  public PerformanceOptimizer tuning() {
    return tuning;
  }

  /**
   * Wraps {@code target} in a JDK proxy implementing {@code type}; annotated methods run through the
   * modules' interceptors, resolved now, once per method. Exceptions from the target reach the caller
   * unchanged.
   *
   * <p>Which annotations count: those on the method in {@code type} or the super-interfaces it
   * overrides, and on {@code target}'s implementation of it (and that implementation's superclass
   * declarations). An annotation on another interface {@code target} also implements is ignored: a
   * proxy of {@code type} behaves as {@code type} declares. See {@link AnnotationLookup}.
   *
   * <p>After {@link #close()}: calls through the proxy go straight to {@code target}, no interceptor
   * runs (so no closed cache, batch processor or lazy registry is touched), and the first such call
   * logs one WARN naming {@code type}. The proxy itself stays usable.
   *
   * @throws IllegalArgumentException if {@code type} is not an interface, {@code target} does not
   *     implement it, or a module rejects a method's annotations (the message names the method)
   * @throws IllegalStateException if this optimizer is closed
   */
  public <T> T proxy(Class<T> type, T target) {
    ensureOpen();
    return engine.proxy(type, target);
  }

  /**
   * Returns an instance of a generated subclass of {@code target}'s class that delegates to
   * {@code target}, with annotated methods intercepted. Final methods are not intercepted (they cannot
   * be overridden); the target's constructor is not run again.
   *
   * <p>Which annotations count: the proxied type is the class itself, so an annotation on any
   * declaration of the method in the class, its superclasses, or any interface they implement applies.
   * See {@link AnnotationLookup}.
   *
   * <p>After {@link #close()}: calls on the enhanced object go straight to {@code target}, no
   * interceptor runs, and the first such call logs one WARN naming the class.
   *
   * @throws IllegalArgumentException if the class is final, anonymous or hidden, or a module rejects a
   *     method's annotations
   * @throws IllegalStateException if this optimizer is closed
   */
  public <T> T enhance(T target) {
    ensureOpen();
    return engine.enhance(target);
  }

  /**
   * The interceptor chain {@link #proxy} and {@link #enhance} would run for {@code method} called on an
   * instance of {@code targetClass}, outermost first (modules in {@link OptimizerModule#order()}, modules
   * whose feature is off left out); empty when no module wants the method. For integrations that make
   * their own proxies (the Spring Boot advisor): run the chain with an {@link dev.optimizer.core.spi.Invocation}
   * whose last {@code proceed} reaches the target, and call this once per method and target class, not per
   * call. Annotations are found as {@link AnnotationLookup} describes for {@code method}'s declaring type.
   *
   * @throws IllegalArgumentException if a module rejects the method's annotations (the message names it)
   * @throws IllegalStateException if this optimizer is closed
   */
  public List<dev.optimizer.core.spi.MethodInterceptor> interceptorsFor(java.lang.reflect.Method method,
      Class<?> targetClass) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(targetClass, "targetClass");
    ensureOpen();
    return engine.chainFor(method, targetClass);
  }

  /**
   * The started module of the given type.
   *
   * @throws NoSuchElementException if no such module is on the classpath or was given to the builder
   */
  public <M extends OptimizerModule> M module(Class<M> type) {
    return findModule(type).orElseThrow(() -> new NoSuchElementException("no module " + type.getName()
        + " is loaded; add its jar to the classpath (modules loaded: " + moduleNames() + ")"));
  }

  /** The started module of the given type, if loaded. */
  public <M extends OptimizerModule> Optional<M> findModule(Class<M> type) {
    for (OptimizerModule m : modules) {
      if (type.isInstance(m)) {
        return Optional.of(type.cast(m));
      }
    }
    return Optional.empty();
  }

  /** Names of the started modules, in chain order. */
  public List<String> moduleNames() {
    return modules.stream().map(OptimizerModule::name).toList();
  }

  /** Registers a tunable with the tuning loop. */
  public void register(Tunable tunable) {
    tuning.register(tunable);
  }

  /** Adds a listener for every tuning event. */
  public void addTuningListener(TuningListener listener) {
    tuning.addListener(listener);
  }

  /**
   * Takes a sample now and runs one tuning pass on the calling thread.
   *
   * @return the events of this pass
   * @throws IllegalStateException if closed
   */
  public List<TuningEvent> optimizeNow() {
    ensureOpen();
    // Holding the tuning loop's lock keeps a scheduled pass from running between our sample and the read.
    synchronized (tuning) {
      monitor.sampleNow(); // the monitor's listener runs the tuning pass
      return tuning.lastPassEvents();
    }
  }

  /** A performance summary: system figures, pressure, tuning events. */
  public OptimizerStats stats() {
    return new OptimizerStats(config, monitor.snapshot(), tuning.lastPressure(), tuning.eventCount(),
        tuning.recentEvents(), tuning.tunables().stream().map(Tunable::name).toList(), moduleNames(),
        monitor.failures());
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Stops the sampler thread, closes modules in reverse order and, if the optimizer created its own
   * registry, closes it. Idempotent; never throws (failures are logged).
   *
   * <p>Proxies and enhanced objects made by this optimizer keep working afterwards as plain
   * pass-throughs: each call goes straight to the target without any interceptor, and each proxy logs
   * one WARN on its first such call. Interception is switched off before the modules close, so a call
   * that starts after {@code close()} began never reaches a closing module; a call already inside an
   * interceptor when {@code close()} starts may still see the module close under it.
   * {@link #proxy}, {@link #enhance} and {@link #optimizeNow} throw {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    engine.close();
    monitor.close();
    for (int i = modules.size() - 1; i >= 0; i--) {
      closeQuietly(modules.get(i));
    }
    if (ownsRegistry) {
      registry.close();
    }
    log.info("optimizer closed");
  }

  private static void closeQuietly(OptimizerModule m) {
    try {
      m.close();
    } catch (Exception e) {
      log.warn("module {} failed to close", m.name(), e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("optimizer is closed");
    }
  }

  private final class Context implements ModuleContext {
    @Override
    public OptimizerConfig config() {
      return config;
    }

    @Override
    public MeterRegistry meterRegistry() {
      return registry;
    }

    @Override
    public Settings settings() {
      return config.settings();
    }

    @Override
    public Ticker ticker() {
      return ticker;
    }

    @Override
    public void registerTunable(Tunable tunable) {
      tuning.register(tunable);
    }

    @Override
    public void unregisterTunable(Tunable tunable) {
      tuning.unregister(tunable);
    }

    @Override
    public <M extends OptimizerModule> Optional<M> module(Class<M> type) {
      return findModule(type);
    }

    @Override
    public <T> T proxy(Class<T> type, T target) {
      ensureOpen(); // as Optimizer.proxy: a closed optimizer makes no new proxies, for users or modules
      return engine.proxy(type, target);
    }
  }

  /** Builds an {@link Optimizer}. Not thread-safe. */
  public static final class Builder {
    private @Nullable OptimizerConfig config;
    private @Nullable MeterRegistry registry;
    private @Nullable SampleSource source;
    private Ticker ticker = Ticker.system();
    private boolean discover = true;
    private final List<OptimizerModule> modules = new ArrayList<>();
    private @Nullable ClassLoader loader;

    private Builder() {}

    /** The configuration; default {@link OptimizerConfig#ofDefaults()}. */
    public Builder config(OptimizerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The registry to bind meters to; default a {@code SimpleMeterRegistry} the optimizer owns. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Where system samples come from; default OSHI and the JVM's beans. Tests inject their own. */
    public Builder sampleSource(SampleSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * The one time source of this optimizer and of every module it starts (default {@link Ticker#system()}):
     * TTLs, expiry, backoffs, recheck intervals and tuning windows read its {@link Ticker#read()}; event and
     * sample timestamps and persisted expiry times read its {@link Ticker#wallMillis()}. Modules reach it
     * through {@code ModuleContext.ticker()}; a module configuration given with a ticker of its own keeps
     * that one. Tests pass a fake ticker and move it instead of sleeping.
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Adds a module instance explicitly (in addition to, or instead of, discovered ones). */
    public Builder module(OptimizerModule module) {
      modules.add(Objects.requireNonNull(module, "module"));
      return this;
    }

    /** Whether to load modules with {@link ServiceLoader}; default true. */
    public Builder discoverModules(boolean discover) {
      this.discover = discover;
      return this;
    }

    /** The class loader for module discovery; default the thread's context loader. */
    public Builder classLoader(ClassLoader loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    private ClassLoader classLoader() {
      if (loader != null) {
        return loader;
      }
      ClassLoader ctx = Thread.currentThread().getContextClassLoader();
      return ctx != null ? ctx : Optimizer.class.getClassLoader();
    }

    /**
     * Starts the optimizer: loads and starts modules, starts the sampler thread if monitoring is on.
     *
     * @throws IllegalStateException if a module fails to start (already started ones are closed)
     */
    public Optimizer build() {
      return new Optimizer(this);
    }
  }
}
