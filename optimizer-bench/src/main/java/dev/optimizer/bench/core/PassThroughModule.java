package dev.optimizer.bench.core;

import dev.optimizer.core.spi.AnnotationLookup;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.core.spi.OptimizerModule;
import java.lang.reflect.Method;
import java.util.List;

/**
 * A module whose only interceptor calls {@code proceed()} and returns what it got: what is left of a
 * proxied call is the engine's own cost (dispatch, argument boxing, the chain walk, the reflective call).
 * Given to {@code Optimizer.builder().module(...)}; not registered through {@code META-INF/services}, so it
 * never joins a real application's optimizer.
 */
public final class PassThroughModule implements OptimizerModule {
  private static final MethodInterceptor PROCEED = invocation -> invocation.proceed();

  /** Name {@code pass-through}. */
  @Override
  public String name() {
    return "pass-through";
  }

  /** The no-op interceptor for methods annotated {@link PassThrough}, none for the others. */
  @Override
  public List<MethodInterceptor> interceptorsFor(Method method, Class<?> targetClass) {
    return AnnotationLookup.find(method, targetClass, PassThrough.class) != null
        ? List.of(PROCEED) : List.of();
  }
}
