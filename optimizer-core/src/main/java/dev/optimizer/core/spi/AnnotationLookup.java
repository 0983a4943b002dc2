package dev.optimizer.core.spi;

import dev.optimizer.core.Optimizer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds a method annotation the way users expect from a proxy, and only where it belongs to the type
 * being proxied. Used by modules in {@link OptimizerModule#interceptorsFor}; meant for proxy creation, not
 * per call. Thread-safe and stateless.
 *
 * <p>Which declarations count depends on the kind of proxy, recognised from {@code method}:
 * <ul>
 *   <li><b>Interface proxy</b> ({@link Optimizer#proxy}; {@code method} is declared by an interface): the
 *       method itself, its overridden declarations in that interface's super-interfaces, and
 *       {@code targetClass}'s implementation of it together with that implementation's superclass
 *       declarations. <em>Not</em> another interface {@code targetClass} happens to implement: a target
 *       that is both an {@code ItemLookup} and an {@code Auditing} keeps {@code Auditing}'s annotations
 *       out of an {@code ItemLookup} proxy (the rule Spring applies to interface proxies).
 *   <li><b>Class proxy</b> ({@link Optimizer#enhance}; {@code method} is declared by a class): the proxied
 *       type is {@code targetClass} itself, so every declaration of the method in its hierarchy counts:
 *       the class, its superclasses, and every interface any of them implements.
 * </ul>
 * A default method an enhanced class inherits without overriding is declared by an interface and so
 * follows the first rule; that interface's super-interfaces and the class's own superclass chain are
 * still searched.
 */
public final class AnnotationLookup {
  private AnnotationLookup() {}

  /**
   * The first {@code type} annotation found, in this order: on {@code method}; on {@code targetClass}'s
   * implementation of it and that implementation's superclass declarations; then on the remaining
   * declarations the proxy kind allows (see the class comment). Null when none carries it.
   *
   * @param method the method of the proxied type, as the proxy will be called with it
   * @param targetClass the class of the object calls end up on
   */
  public static <A extends Annotation> @Nullable A find(Method method, Class<?> targetClass, Class<A> type) {
    A direct = method.getAnnotation(type);
    if (direct != null) {
      return direct;
    }
    if (method.getDeclaringClass().isInterface()) {
      A onImplementation = findInSuperclasses(method, targetClass, type);
      return onImplementation != null ? onImplementation
          : findInHierarchy(method, method.getDeclaringClass(), type);
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

  /** Declarations in {@code start} and its superclasses only: the implementation and what it overrides. */
  private static <A extends Annotation> @Nullable A findInSuperclasses(Method method, Class<?> start,
      Class<A> type) {
    for (Class<?> c = start; c != null && c != Object.class; c = c.getSuperclass()) {
      A a = declaredAnnotation(c, method, type);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  /** Declarations in {@code start} and all its supertypes, classes and interfaces, breadth first. */
  private static <A extends Annotation> @Nullable A findInHierarchy(Method method, Class<?> start, Class<A> type) {
    Deque<Class<?>> pending = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    pending.add(start);
    while (!pending.isEmpty()) {
      Class<?> c = pending.poll();
      if (c == Object.class || !seen.add(c)) {
        continue;
      }
      A a = declaredAnnotation(c, method, type);
      if (a != null) {
        return a;
      }
      if (c.getSuperclass() != null) {
        pending.add(c.getSuperclass());
      }
      pending.addAll(List.of(c.getInterfaces()));
    }
    return null;
  }

  private static <A extends Annotation> @Nullable A declaredAnnotation(Class<?> c, Method method, Class<A> type) {
    try {
      return c.getDeclaredMethod(method.getName(), method.getParameterTypes()).getAnnotation(type);
    } catch (NoSuchMethodException notDeclaredHere) {
      return null;
    }
  }

  private static Annotation[] concat(Annotation[] a, Annotation[] b) {
    Annotation[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
