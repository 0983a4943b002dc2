package dev.optimizer.cache.internal;

import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.spi.CacheWriteTiming;
import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** {@code @CacheInvalidate}: runs the method, then drops the key, the pattern's keys or everything. */
public final class CacheInvalidateInterceptor implements MethodInterceptor {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

  private final TieredCache<String, Object> cache;
  private final @Nullable KeyTemplate keys;
  private final @Nullable String pattern;
  private final boolean all;
  private final CacheWriteTiming timing;

  private CacheInvalidateInterceptor(TieredCache<String, Object> cache, @Nullable KeyTemplate keys,
      @Nullable String pattern, boolean all, CacheWriteTiming timing) {
    this.cache = cache;
    this.keys = keys;
    this.pattern = pattern;
    this.all = all;
    this.timing = timing;
  }

  /** The same invalidation with its drop applied when {@code timing} says (e.g. after commit). */
  public CacheInvalidateInterceptor withTiming(CacheWriteTiming timing) {
    return new CacheInvalidateInterceptor(cache, keys, pattern, all, java.util.Objects.requireNonNull(timing));
  }

  /** Drops the entry keyed like {@code @CacheResult} would key this method's arguments. */
  public static CacheInvalidateInterceptor forKey(TieredCache<String, Object> cache, KeyTemplate keys) {
    return new CacheInvalidateInterceptor(cache, keys, null, false, CacheWriteTiming.immediate());
  }

  /**
   * Drops keys matching {@code pattern}.
   *
   * @throws IllegalArgumentException if a placeholder names a parameter the method lacks or has no
   *     stable form, or the glob is malformed
   */
  public static CacheInvalidateInterceptor forPattern(TieredCache<String, Object> cache, String pattern,
      java.lang.reflect.Method method) {
    Matcher m = PLACEHOLDER.matcher(pattern);
    while (m.find()) {
      int i = Integer.parseInt(m.group(1));
      if (i >= method.getParameterCount()) {
        throw new IllegalArgumentException("@CacheInvalidate pattern '" + pattern + "' on "
            + KeyTemplate.describe(method) + " names parameter " + i + ", which it does not have");
      }
      String why = CanonicalKeys.unstableReason(method.getGenericParameterTypes()[i]);
      if (why != null) {
        throw new IllegalArgumentException("@CacheInvalidate pattern on " + KeyTemplate.describe(method)
            + ": parameter " + i + " has no stable key form: " + why);
      }
    }
    Glob.compile(PLACEHOLDER.matcher(pattern).replaceAll("x"));
    return new CacheInvalidateInterceptor(cache, null, pattern, false, CacheWriteTiming.immediate());
  }

  /** Drops everything. */
  public static CacheInvalidateInterceptor forAll(TieredCache<String, Object> cache) {
    return new CacheInvalidateInterceptor(cache, null, null, true, CacheWriteTiming.immediate());
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    Object result = invocation.proceed();
    if (all) {
      timing.apply(cache::invalidateAll);
    } else if (pattern != null) {
      String glob = expand(pattern, invocation.arguments());
      timing.apply(() -> cache.invalidateAll(glob));
    } else if (keys != null) {
      String key = keys.key(invocation.arguments());
      timing.apply(() -> cache.invalidate(key));
    }
    return result;
  }

  private static String expand(String pattern, @Nullable Object[] args) {
    Matcher m = PLACEHOLDER.matcher(pattern);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Object a = args[Integer.parseInt(m.group(1))];
      String form = CanonicalKeys.nested(a);
      m.appendReplacement(sb, Matcher.quoteReplacement(Glob.escape(form)));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
