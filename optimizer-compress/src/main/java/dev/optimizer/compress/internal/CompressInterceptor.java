package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Compress;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.Level;
import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Compresses a {@code byte[]} or {@code String} result into a frame (Base64 for strings). */
public final class CompressInterceptor implements MethodInterceptor {
  private final boolean text;
  private final @Nullable Algorithm algorithm;
  private final @Nullable Level level;
  private final String contentKey;
  private final Supplier<CompressionEngine> engine;

  private CompressInterceptor(boolean text, @Nullable Algorithm algorithm, @Nullable Level level, String contentKey,
      Supplier<CompressionEngine> engine) {
    this.text = text;
    this.algorithm = algorithm;
    this.level = level;
    this.contentKey = contentKey;
    this.engine = engine;
  }

  /**
   * The interceptor for a {@link Compress} method.
   *
   * @throws IllegalArgumentException if the method returns neither {@code byte[]} nor {@code String}, or
   *     the annotation names more than one algorithm or level
   */
  public static CompressInterceptor of(Method method, Compress annotation, Supplier<CompressionEngine> engine) {
    Class<?> type = method.getReturnType();
    if (type != byte[].class && type != String.class) {
      throw new IllegalArgumentException("@Compress on " + method.getDeclaringClass().getName() + "."
          + method.getName() + ": return type must be byte[] or String, was " + type.getTypeName());
    }
    if (annotation.algorithm().length > 1 || annotation.level().length > 1) {
      throw new IllegalArgumentException("@Compress on " + method.getDeclaringClass().getName() + "."
          + method.getName() + ": name at most one algorithm and one level");
    }
    Algorithm a = annotation.algorithm().length == 1 ? annotation.algorithm()[0] : null;
    Level l = annotation.level().length == 1 ? annotation.level()[0] : null;
    String key = annotation.contentKey().isEmpty()
        ? method.getDeclaringClass().getName() + "." + method.getName() : annotation.contentKey();
    return new CompressInterceptor(type == String.class, a, l, key, engine);
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    Object result = invocation.proceed();
    if (result == null) {
      return null;
    }
    byte[] data = text ? ((String) result).getBytes(StandardCharsets.UTF_8) : (byte[]) result;
    CompressionEngine e = engine.get();
    byte[] frame;
    if (algorithm == null) {
      frame = level == null ? e.compress(data, contentKey) : e.compress(data, contentKey, level);
    } else {
      frame = e.compress(data, algorithm, level == null ? e.currentLevel() : level);
    }
    return text ? Base64.getEncoder().encodeToString(frame) : frame;
  }
}
