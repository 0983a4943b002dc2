package dev.optimizer.lazy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of an object given to {@code optimizer.proxy(...)} or {@code optimizer.enhance(...)}
 * compute its result lazily and keep it, with {@code optimizer-lazy} on the classpath and
 * {@code Feature.LAZY} on.
 *
 * <ul>
 *   <li>On a method without parameters, a lazy property: the first call runs the method, later calls
 *       return its result; concurrent first calls run it once.
 *   <li>On a method with parameters, memoized per argument list (compared with {@code equals}, arrays
 *       by content): one result per distinct arguments, at most
 *       {@link LazyConfig#memoizeMaximumSize()} per proxy, least recently used evicted first.
 * </ul>
 * A thrown exception is never memoized: it reaches the callers of that call as itself (checked ones
 * too) and the next call runs the method again. A null result is memoized like any other.
 *
 * <p>Rejected when the proxy is made (IllegalArgumentException naming the method): a {@code void}
 * method, an unparsable {@link #ttl()}, {@link LoadStrategy#LAZY} with a TTL, {@link LoadStrategy#CACHED}
 * without one, and {@link LoadStrategy#PRELOAD} (preloading needs a {@link LazyRegistry}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LazyLoad {
  /**
   * How long a result stays fresh, counted from when the call that computed it returned: empty (the
   * default) for forever, else an ISO-8601 duration ({@code PT5M}) or a whole number with a unit {@code ns},
   * {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 10m}): the
   * grammar of {@link dev.optimizer.core.support.Durations}, the same as {@code @CacheResult(ttl)} and the
   * settings.
   */
  String ttl() default "";

  /**
   * What happens once the TTL has passed: {@link LoadStrategy#ON_DEMAND} (the default) recomputes on the
   * next call, {@link LoadStrategy#CACHED} returns the stale result and recomputes once in the
   * background. Without a TTL both keep the result forever, like {@link LoadStrategy#LAZY}.
   */
  LoadStrategy strategy() default LoadStrategy.ON_DEMAND;
}
