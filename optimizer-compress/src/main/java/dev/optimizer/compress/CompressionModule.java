package dev.optimizer.compress;

import dev.optimizer.compress.internal.CompressInterceptor;
import dev.optimizer.compress.internal.DecompressInterceptor;
import dev.optimizer.core.spi.AnnotationLookup;
import dev.optimizer.core.Feature;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.core.spi.ModuleContext;
import dev.optimizer.core.spi.OptimizerModule;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Plugs the compression engine into an {@code Optimizer}: found through {@link java.util.ServiceLoader}
 * (with {@link CompressionConfig#ofDefaults()} and the optimizer's ticker) or added explicitly with a
 * configuration. Starting it creates the engine, registers its {@link CompressionEngine#tunable()} and
 * binds {@link CompressionMetrics}; it makes {@link Compress} and {@link Decompress} work on proxies.
 * Feature {@link Feature#COMPRESSION}, order 400. Thread-safe after start.
 */
public final class CompressionModule implements OptimizerModule {
  private final @Nullable CompressionConfig configured;
  private volatile @Nullable CompressionEngine engine;
  private volatile @Nullable ModuleContext context;

  /** The module with default settings (what {@link java.util.ServiceLoader} creates). */
  public CompressionModule() {
    this.configured = null;
  }

  /** The module with the given settings (a ticker given to its builder wins over the optimizer's). */
  public CompressionModule(CompressionConfig config) {
    this.configured = Objects.requireNonNull(config, "config");
  }

  @Override
  public String name() {
    return "compress";
  }

  @Override
  public Optional<Feature> feature() {
    return Optional.of(Feature.COMPRESSION);
  }

  @Override
  public int order() {
    return 400;
  }

  @Override
  public void start(ModuleContext context) {
    // Bound optimizer.compress.* values fill what the configuration's builder did not set.
    // The optimizer's ticker drives choice expiry unless the given configuration was given its own.
    CompressionConfig config = (configured != null ? configured.toBuilder() : CompressionConfig.custom())
        .defaultTicker(context.ticker()).settings(context.settings()).build();
    CompressionEngine e = CompressionEngine.create(config);
    this.engine = e;
    this.context = context;
    context.registerTunable(e.tunable());
    e.metrics().bindTo(context.meterRegistry());
  }

  /**
   * The engine of this module.
   *
   * @throws IllegalStateException before the optimizer started the module
   */
  public CompressionEngine engine() {
    CompressionEngine e = engine;
    if (e == null) {
      throw new IllegalStateException("compression module not started");
    }
    return e;
  }

  @Override
  public List<MethodInterceptor> interceptorsFor(Method method, Class<?> targetClass) {
    List<MethodInterceptor> out = new ArrayList<>(2);
    DecompressInterceptor.forMethod(method, targetClass, this::engine).ifPresent(out::add);
    Compress compress = AnnotationLookup.find(method, targetClass, Compress.class);
    if (compress != null) {
      out.add(CompressInterceptor.of(method, compress, this::engine));
    }
    return out;
  }

  @Override
  public void close() {
    CompressionEngine e = engine;
    ModuleContext c = context;
    if (e != null) {
      if (c != null) {
        c.unregisterTunable(e.tunable());
      }
      e.close();
    }
  }
}
