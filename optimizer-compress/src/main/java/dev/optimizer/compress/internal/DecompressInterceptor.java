package dev.optimizer.compress.internal;

import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.CorruptDataException;
import dev.optimizer.compress.Decompress;
import dev.optimizer.core.spi.AnnotationLookup;
import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Replaces {@link Decompress} arguments by their original bytes before the call proceeds. */
public final class DecompressInterceptor implements MethodInterceptor {
  private final int[] indexes;
  private final boolean[] text;
  private final Supplier<CompressionEngine> engine;

  private DecompressInterceptor(int[] indexes, boolean[] text, Supplier<CompressionEngine> engine) {
    this.indexes = indexes;
    this.text = text;
    this.engine = engine;
  }

  /**
   * The interceptor for a method with {@link Decompress} parameters, empty when it has none.
   *
   * @throws IllegalArgumentException if an annotated parameter is neither {@code byte[]} nor {@code String}
   */
  public static Optional<DecompressInterceptor> forMethod(Method method, Class<?> targetClass,
      Supplier<CompressionEngine> engine) {
    Annotation[][] params = AnnotationLookup.parameterAnnotations(method, targetClass);
    Class<?>[] types = method.getParameterTypes();
    int[] idx = new int[params.length];
    boolean[] txt = new boolean[params.length];
    int n = 0;
    for (int i = 0; i < params.length; i++) {
      for (Annotation a : params[i]) {
        if (a instanceof Decompress) {
          if (types[i] != byte[].class && types[i] != String.class) {
            throw new IllegalArgumentException("@Decompress on parameter " + i + " ("
                + method.getParameters()[i].getName() + ") of " + method.getDeclaringClass().getName() + "."
                + method.getName() + ": type must be byte[] or String, was " + types[i].getTypeName());
          }
          idx[n] = i;
          txt[n] = types[i] == String.class;
          n++;
          break;
        }
      }
    }
    if (n == 0) {
      return Optional.empty();
    }
    return Optional.of(new DecompressInterceptor(java.util.Arrays.copyOf(idx, n), java.util.Arrays.copyOf(txt, n),
        engine));
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    @Nullable Object[] args = invocation.arguments().clone();
    CompressionEngine e = engine.get();
    for (int k = 0; k < indexes.length; k++) {
      Object arg = args[indexes[k]];
      if (arg == null) {
        continue;
      }
      if (text[k]) {
        byte[] frame;
        try {
          frame = Base64.getDecoder().decode((String) arg);
        } catch (IllegalArgumentException notBase64) {
          throw new CorruptDataException("@Decompress argument " + indexes[k] + " of " + invocation.method().getName()
              + " is not Base64: " + notBase64.getMessage(), notBase64);
        }
        args[indexes[k]] = new String(e.decompress(frame), StandardCharsets.UTF_8);
      } else {
        args[indexes[k]] = e.decompress((byte[]) arg);
      }
    }
    return invocation.proceed(args);
  }
}
