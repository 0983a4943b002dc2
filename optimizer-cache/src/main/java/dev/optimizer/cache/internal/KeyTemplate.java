package dev.optimizer.cache.internal;

import dev.optimizer.cache.CacheKey;
import dev.optimizer.core.spi.AnnotationLookup;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one method's arguments become its cache key, decided once when the proxy is made: which
 * parameters take part, and that each has a stable form. Building a key then only reads arguments.
 */
public final class KeyTemplate {
  /** The key of a method without key parameters. */
  static final String NO_ARGS = "()";

  private final int[] indices;
  private final boolean singleString;

  private KeyTemplate(int[] indices, boolean singleString) {
    this.indices = indices;
    this.singleString = singleString;
  }

  /**
   * The template of {@code method}.
   *
   * @throws IllegalArgumentException naming the method and parameter if a key parameter's type has no
   *     stable form
   */
  public static KeyTemplate of(Method method, Class<?> targetClass) {
    List<Integer> marked = keyParameters(method, targetClass);
    Type[] types = method.getGenericParameterTypes();
    int[] idx = new int[marked.size()];
    for (int j = 0; j < idx.length; j++) {
      int i = marked.get(j);
      idx[j] = i;
      String why = CanonicalKeys.unstableReason(types[i]);
      if (why != null) {
        throw new IllegalArgumentException("cannot cache " + describe(method) + ": parameter " + i + " ("
            + method.getParameters()[i].getName() + ": " + types[i].getTypeName()
            + ") has no stable cache key: " + why + ". Mark the key parameters with @CacheKey or pass a "
            + "supported type.");
      }
    }
    boolean single = idx.length == 1 && method.getParameterTypes()[idx[0]] == String.class;
    return new KeyTemplate(idx, single);
  }

  /**
   * The types of {@code method}'s key parameters in key order, primitives boxed (an {@code int} and an
   * {@code Integer} argument give the same key form). Two methods whose shapes differ in length or in a
   * type are taken to never build the same key; does not check that the types have a stable form.
   */
  public static List<Class<?>> shape(Method method, Class<?> targetClass) {
    Class<?>[] types = method.getParameterTypes();
    List<Class<?>> out = new ArrayList<>();
    for (int i : keyParameters(method, targetClass)) {
      out.add(boxed(types[i]));
    }
    return List.copyOf(out);
  }

  private static Class<?> boxed(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
  }

  /** Indices of the {@link CacheKey} parameters, or of every parameter when none is marked. */
  private static List<Integer> keyParameters(Method method, Class<?> targetClass) {
    Annotation[][] annotations = AnnotationLookup.parameterAnnotations(method, targetClass);
    List<Integer> marked = new ArrayList<>();
    for (int i = 0; i < annotations.length; i++) {
      for (Annotation a : annotations[i]) {
        if (a.annotationType() == CacheKey.class) {
          marked.add(i);
          break;
        }
      }
    }
    if (marked.isEmpty()) {
      for (int i = 0; i < method.getParameterCount(); i++) {
        marked.add(i);
      }
    }
    return marked;
  }

  /**
   * The key for {@code args}. Every argument, a lone String included, takes its nested (escaped) form,
   * so a one-argument key {@code "a,b"} can never equal the two-argument key {@code ("a", "b")}, nor
   * {@code "~"} the null key; a string without structural characters ({@code users:42}) stays as it is.
   */
  public String key(@Nullable Object[] args) {
    if (singleString) {
      Object a = args[indices[0]];
      return a == null ? "~" : CanonicalKeys.escaped((String) a);
    }
    if (indices.length == 0) {
      return NO_ARGS;
    }
    if (indices.length == 1) {
      return CanonicalKeys.nested(args[indices[0]]);
    }
    StringBuilder sb = new StringBuilder(32);
    for (int j = 0; j < indices.length; j++) {
      if (j > 0) {
        sb.append(',');
      }
      CanonicalKeys.append(sb, args[indices[j]]);
    }
    return sb.toString();
  }

  /** {@code Type.method(ParamType, ...)}, for messages. */
  public static String describe(Method m) {
    return m.getDeclaringClass().getName() + "." + m.getName() + "(" + String.join(", ",
        java.util.Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
  }
}
