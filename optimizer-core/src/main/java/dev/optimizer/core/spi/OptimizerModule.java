package dev.optimizer.core.spi;

import dev.optimizer.core.Feature;
import dev.optimizer.core.Optimizer;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * A module plugged into the {@link Optimizer} through {@link java.util.ServiceLoader}: a module jar lists
 * its implementation in {@code META-INF/services/dev.optimizer.core.spi.OptimizerModule}, so adding the jar
 * to the classpath is what makes its annotations work. Each {@link Optimizer} loads fresh instances.
 *
 * <p>Lifecycle: {@link #start} once, on the thread building the optimizer; {@link #interceptorsFor} once
 * per method of every proxy made; {@link #close} once when the optimizer closes, in reverse start order.
 */
public interface OptimizerModule extends AutoCloseable {
  /** A short stable name, e.g. {@code cache}. */
  String name();

  /**
   * The feature that switches this module's interceptors off, if any. When the feature is off in the
   * configuration, {@link #interceptorsFor} is not called and methods go straight to the target.
   */
  default Optional<Feature> feature() {
    return Optional.empty();
  }

  /**
   * Position in the interceptor chain: lower runs outside (first). Cache 100, lazy 200, batch 300,
   * compression 400.
   */
  default int order() {
    return 1000;
  }

  /** Called once with the optimizer's context before any proxy is made. */
  default void start(ModuleContext context) {}

  /**
   * Interceptors for {@code method} when called on an instance of {@code targetClass}, outermost first;
   * empty when the module has nothing to do with it.
   *
   * @throws IllegalArgumentException if the method's annotations cannot work (e.g. an argument type with
   *     no stable cache key); the message names the method and parameter. The proxy is not made.
   */
  default List<MethodInterceptor> interceptorsFor(Method method, Class<?> targetClass) {
    return List.of();
  }

  /** Releases the module's threads and resources. Must not throw for a module never started. */
  @Override
  default void close() {}
}
