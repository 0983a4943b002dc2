package dev.optimizer.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Always runs the method, then stores its result in a named cache of the {@link CacheModule} under the
 * key {@link CacheResult} would build from the same arguments: from the {@link CacheKey} parameters (all
 * parameters when none is marked), with the same canonical forms. A {@code @CacheResult} method of the
 * same cache whose key parameters have the same types in the same order therefore reads the stored value
 * without running. Works through {@code optimizer.proxy(...)} and {@code optimizer.enhance(...)}.
 *
 * <p>The value is written like {@link TieredCache#put}: to every tier the cache has, and other nodes drop
 * their L1 copy. A {@code null} result removes the key's entry instead (so the previous value is not
 * served after the update). If the method throws, the exception reaches the caller unchanged and nothing
 * is stored.
 *
 * <p>Rejected with IllegalArgumentException when the proxy is made, naming the method: a void method, a
 * key parameter type with no stable form, a bad {@code ttl}, or {@code @CacheResult} on the same method.
 * When no {@code @CacheResult} method of the same cache on the same type has the same key shape, a WARN
 * names both methods (such a put can never be read by them).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CachePut {
  /** The cache's name ({@code [A-Za-z0-9._-]}). */
  String cache();

  /**
   * TTL of the stored entry in every tier, in the grammar of {@link CacheResult#ttl()}; empty for each
   * tier's configured TTL. As with {@link TieredCache#put(Object, Object, java.time.Duration)}, L1 keeps
   * it at most for its own expiry.
   */
  String ttl() default "";
}
