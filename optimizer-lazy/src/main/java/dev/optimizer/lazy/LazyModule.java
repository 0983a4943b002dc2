package dev.optimizer.lazy;

import dev.optimizer.core.spi.AnnotationLookup;
import dev.optimizer.core.Feature;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.core.spi.ModuleContext;
import dev.optimizer.core.spi.OptimizerModule;
import dev.optimizer.core.support.Durations;
import dev.optimizer.core.spi.Settings;
import dev.optimizer.lazy.internal.LazySettings;
import dev.optimizer.lazy.internal.LoadCounters;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Plugs {@code optimizer-lazy} into an {@code Optimizer}: found through {@link java.util.ServiceLoader},
 * feature {@link Feature#LAZY}, chain position 200 (inside the cache, outside batching). It owns a
 * {@link LazyRegistry} bound to the optimizer's meter registry, registers that registry's preload
 * throttle with the tuning loop, and makes {@link LazyLoad @LazyLoad} methods work.
 *
 * <p>Thread-safe once started. {@link #close()} closes the registry.
 */
public final class LazyModule implements OptimizerModule {
  private final LazyConfig configured;
  /** The configuration in force: the given one completed by the optimizer's bound settings at start. */
  private volatile LazyConfig config;
  private final Map<String, MethodEntry> methods = new ConcurrentHashMap<>();
  private volatile @Nullable LazyRegistry registry;
  private volatile @Nullable ModuleContext context;

  /** With {@link LazyConfig#ofDefaults()}; the constructor {@link java.util.ServiceLoader} uses. */
  public LazyModule() {
    this(LazyConfig.ofDefaults());
  }

  /** With the given configuration; pass it to {@code Optimizer.builder().module(...)}. */
  public LazyModule(LazyConfig config) {
    this.configured = Objects.requireNonNull(config, "config");
    this.config = config;
  }

  /** {@code lazy}. */
  @Override
  public String name() {
    return "lazy";
  }

  /** {@link Feature#LAZY}. */
  @Override
  public Optional<Feature> feature() {
    return Optional.of(Feature.LAZY);
  }

  /** 200. */
  @Override
  public int order() {
    return 200;
  }

  @Override
  public void start(ModuleContext context) {
    // Bound optimizer.lazy.* values fill what the configuration's builder did not set; with none bound and
    // the same ticker the given instance stays in force (callers may compare it by identity).
    Settings settings = context.settings();
    boolean bound = settings.get(LazySettings.PRELOAD_COUNT).isPresent()
        || settings.get(LazySettings.PRELOAD_CONCURRENCY).isPresent();
    // The optimizer's ticker drives TTLs unless the configuration was given its own.
    boolean retick = !configured.tickerGiven() && configured.ticker() != context.ticker();
    LazyConfig config = bound || retick
        ? configured.toBuilder().defaultTicker(context.ticker()).settings(settings).build() : configured;
    this.config = config;
    LazyRegistry r = LazyRegistry.create(config);
    r.metrics().bindTo(context.meterRegistry());
    if (config.pauseUnderCpuPressure()) {
      context.registerTunable(r.tunable());
    }
    this.context = context;
    this.registry = r;
  }

  /**
   * The module's registry.
   *
   * @throws IllegalStateException if the module was not started by an optimizer
   */
  public LazyRegistry registry() {
    LazyRegistry r = registry;
    if (r == null) {
      throw new IllegalStateException("the lazy module is not started; get it from optimizer.module("
          + "LazyModule.class)");
    }
    return r;
  }

  /**
   * One interceptor for a {@link LazyLoad @LazyLoad} method, none otherwise.
   *
   * @throws IllegalArgumentException if the annotation cannot work on this method; the message names it
   */
  @Override
  public List<MethodInterceptor> interceptorsFor(Method method, Class<?> targetClass) {
    LazyLoad ann = AnnotationLookup.find(method, targetClass, LazyLoad.class);
    if (ann == null) {
      return List.of();
    }
    String where = "@LazyLoad on " + targetClass.getName() + "." + method.getName()
        + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
    if (method.getReturnType() == void.class) {
      throw new IllegalArgumentException(where + ": the method returns void, so there is nothing to load");
    }
    Duration ttl = null;
    if (!ann.ttl().isBlank()) {
      try {
        ttl = Durations.parse(ann.ttl());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": bad ttl: " + e.getMessage(), e);
      }
    }
    switch (ann.strategy()) {
      case LAZY -> {
        if (ttl != null) {
          throw new IllegalArgumentException(where + ": LAZY keeps its value and takes no ttl; use "
              + "ON_DEMAND or CACHED");
        }
      }
      case CACHED -> {
        if (ttl == null) {
          throw new IllegalArgumentException(where + ": CACHED needs a ttl");
        }
      }
      case PRELOAD -> throw new IllegalArgumentException(where + ": PRELOAD is not supported on methods; "
          + "register a PRELOAD loader with the LazyRegistry instead");
      case ON_DEMAND -> {
        // with or without a ttl
      }
    }
    LazyRegistry r = registry();
    String key = "method:" + targetClass.getSimpleName() + "." + method.getName() + "/"
        + method.getParameterCount();
    Duration methodTtl = ttl;
    LoadCounters counters = methods.computeIfAbsent(key, k -> {
      LoadCounters c = new LoadCounters();
      r.bindCounters(k, c);
      return new MethodEntry(c, ann.strategy(), Optional.ofNullable(methodTtl));
    }).counters();
    return List.of(new LazyLoadInterceptor(r, method.getParameterCount(), ttl, ann.strategy(), counters,
        where));
  }

  /** Figures of every {@code @LazyLoad} method proxied so far, by key {@code method:Type.name/arity}. */
  public Map<String, LoaderStats> methodStats() {
    return methods.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> {
      MethodEntry m = e.getValue();
      LoadCounters c = m.counters();
      // "loaded" has no single answer for a method memoizing many argument lists; reported false.
      return new LoaderStats(e.getKey(), m.strategy(), Priority.NORMAL, m.ttl(), false, c.loads(),
          c.failures(), c.staleServes(), Duration.ofNanos(c.loadNanos()));
    }));
  }

  @Override
  public void close() {
    LazyRegistry r = registry;
    ModuleContext c = context;
    if (r == null) {
      return;
    }
    if (c != null && config.pauseUnderCpuPressure()) {
      c.unregisterTunable(r.tunable());
    }
    r.close();
  }

  private record MethodEntry(LoadCounters counters, LoadStrategy strategy, Optional<Duration> ttl) {}
}
