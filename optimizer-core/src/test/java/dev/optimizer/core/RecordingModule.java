package dev.optimizer.core;

import dev.optimizer.core.spi.OptimizerModule;
import dev.optimizer.core.spi.ModuleContext;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.core.spi.AnnotationLookup;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A module found through META-INF/services in the test classpath: intercepts methods annotated with
 * {@link Traced} and records the order interceptors ran in.
 */
public class RecordingModule implements OptimizerModule {
  public static final List<String> TRACE = new CopyOnWriteArrayList<>();
  public volatile boolean started;
  /** The context the optimizer started this module with. */
  public volatile ModuleContext context;
  public volatile boolean closed;
  public volatile int resolutions;

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public Optional<Feature> feature() {
    return Optional.of(Feature.CACHE);
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public void start(ModuleContext context) {
    this.context = context;
    started = true;
  }

  @Override
  public List<MethodInterceptor> interceptorsFor(Method method, Class<?> targetClass) {
    Traced traced = AnnotationLookup.find(method, targetClass, Traced.class);
    if (traced == null) {
      return List.of();
    }
    resolutions++;
    return List.of(inv -> {
      TRACE.add("outer:" + inv.method().getName());
      try {
        return inv.proceed();
      } finally {
        TRACE.add("outer-done");
      }
    }, inv -> {
      TRACE.add("inner");
      return inv.proceed();
    });
  }

  @Override
  public void close() {
    closed = true;
  }
}
