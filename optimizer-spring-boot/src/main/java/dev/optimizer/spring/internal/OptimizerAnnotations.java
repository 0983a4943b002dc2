package dev.optimizer.spring.internal;

import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The optimizer's method annotations the advisor looks for, each with the module that makes it work. Only
 * the annotations whose jar is on the classpath are known: a class compiled against an absent one cannot
 * carry it at run time.
 */
final class OptimizerAnnotations {
  /** Annotation class name to the name of the module ({@code OptimizerModule.name()}) serving it. */
  private static final Map<String, String> MODULE_OF = Map.of(
      "dev.optimizer.cache.CacheResult", "cache",
      "dev.optimizer.cache.CachePut", "cache",
      "dev.optimizer.cache.CacheInvalidate", "cache",
      "dev.optimizer.batch.BatchProcess", "batch",
      "dev.optimizer.batch.ParallelProcess", "batch",
      "dev.optimizer.lazy.LazyLoad", "lazy",
      "dev.optimizer.compress.Compress", "compress",
      "dev.optimizer.compress.Decompress", "compress",
      "dev.optimizer.limit.RateLimit", "limit",
      "dev.optimizer.limit.ConcurrencyLimit", "limit");

  /** Module name to the property that switches its annotations off. */
  static final Map<String, String> SWITCH_OF = Map.of(
      "cache", "optimizer.cache.enabled",
      "batch", "optimizer.batch.enabled",
      "lazy", "optimizer.lazy.enabled",
      "compress", "optimizer.compress.enabled",
      "limit", "optimizer.limit.enabled");

  private final Map<Class<? extends Annotation>, String> present;

  OptimizerAnnotations(@Nullable ClassLoader loader) {
    Map<Class<? extends Annotation>, String> found = new LinkedHashMap<>();
    MODULE_OF.forEach((name, module) -> {
      if (ClassUtils.isPresent(name, loader)) {
        @SuppressWarnings("unchecked")
        Class<? extends Annotation> type =
            (Class<? extends Annotation>) ClassUtils.resolveClassName(name, loader);
        found.put(type, module);
      }
    });
    this.present = Map.copyOf(found);
  }

  /** The annotation types on the classpath. */
  java.util.Set<Class<? extends Annotation>> types() {
    return present.keySet();
  }

  /**
   * The ones of ours on {@code method} as called on {@code targetClass} (on the method or, like
   * {@code @Decompress}, on a parameter), found the way the modules find them.
   */
  java.util.List<Class<? extends Annotation>> on(java.lang.reflect.Method method, Class<?> targetClass) {
    java.util.List<Class<? extends Annotation>> out = new java.util.ArrayList<>();
    Annotation[][] params = null;
    for (Class<? extends Annotation> type : present.keySet()) {
      if (dev.optimizer.core.spi.AnnotationLookup.find(method, targetClass, type) != null) {
        out.add(type);
        continue;
      }
      if (method.getParameterCount() > 0) {
        if (params == null) {
          params = dev.optimizer.core.spi.AnnotationLookup.parameterAnnotations(method, targetClass);
        }
        if (contains(params, type)) {
          out.add(type);
        }
      }
    }
    return out;
  }

  /** The ones of ours declared right on {@code method} or its parameters (no inheritance). */
  java.util.List<Class<? extends Annotation>> declaredOn(java.lang.reflect.Method method) {
    java.util.List<Class<? extends Annotation>> out = new java.util.ArrayList<>();
    for (Class<? extends Annotation> type : present.keySet()) {
      if (method.isAnnotationPresent(type) || contains(method.getParameterAnnotations(), type)) {
        out.add(type);
      }
    }
    return out;
  }

  private static boolean contains(Annotation[][] params, Class<? extends Annotation> type) {
    for (Annotation[] ps : params) {
      for (Annotation a : ps) {
        if (a.annotationType() == type) {
          return true;
        }
      }
    }
    return false;
  }

  /** The module serving {@code type}, or null when it is not one of ours. */
  @Nullable String moduleOf(Class<? extends Annotation> type) {
    return present.get(type);
  }
}
