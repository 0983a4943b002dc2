package dev.optimizer.core;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds a method annotation the way users expect from a proxy: on the called method, on the target
 * class's implementation of it, or on any superclass or interface declaration of the same signature.
 * Used by modules in {@link OptimizerModule#interceptorsFor}; meant for proxy creation, not per call.
 */
public final class AnnotationLookup {
  private AnnotationLookup() {}

  /**
   * The first {@code type} annotation found on {@code method} or an override or overridden declaration
   * in {@code targetClass}'s hierarchy, or null.
   */
  public static <A extends Annotation> @Nullable A find(Method method, Class<?> targetClass, Class<A> type) {
    A direct = method.getAnnotation(type);
    if (direct != null) {
      return direct;
    }
    return findInHierarchy(method, targetClass, type);
  }

  /**
   * The parameter annotations of {@code method}, merged with those of its implementation in
   * {@code targetClass}: index {@code i} holds every annotation found on parameter {@code i}.
   */
  public static Annotation[][] parameterAnnotations(Method method, Class<?> targetClass) {
    Annotation[][] own = method.getParameterAnnotations();
    Method impl = implementation(method, targetClass);
    if (impl == null || impl.equals(method)) {
      return own;
    }
    Annotation[][] other = impl.getParameterAnnotations();
    Annotation[][] merged = new Annotation[own.length][];
    for (int i = 0; i < own.length; i++) {
      merged[i] = concat(own[i], other[i]);
    }
    return merged;
  }

  /** {@code targetClass}'s implementation of {@code method}, or null when it has none visible. */
  public static @Nullable Method implementation(Method method, Class<?> targetClass) {
    for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        return c.getDeclaredMethod(method.getName(), method.getParameterTypes());
      } catch (NoSuchMethodException ignored) {
        // keep looking in the superclass
      }
    }
    return null;
  }

  private static <A extends Annotation> @Nullable A findInHierarchy(Method method, Class<?> start, Class<A> type) {
    Deque<Class<?>> pending = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    pending.add(start);
    while (!pending.isEmpty()) {
      Class<?> c = pending.poll();
      if (c == null || c == Object.class || !seen.add(c)) {
        continue;
      }
      try {
        A a = c.getDeclaredMethod(method.getName(), method.getParameterTypes()).getAnnotation(type);
        if (a != null) {
          return a;
        }
      } catch (NoSuchMethodException ignored) {
        // not declared here
      }
      if (c.getSuperclass() != null) {
        pending.add(c.getSuperclass());
      }
      pending.addAll(java.util.List.of(c.getInterfaces()));
    }
    return null;
  }

  private static Annotation[] concat(Annotation[] a, Annotation[] b) {
    Annotation[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
