package dev.optimizer.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * After the method returns normally, removes entries from a named cache of the {@link CacheModule}
 * (every tier, and every other node's L1): the entry keyed by this method's {@link CacheKey} parameters
 * (all parameters when none is marked), built exactly as {@link CacheResult} builds it; or, with
 * {@link #pattern()}, every key matching the glob; or, with {@link #all()}, everything. If the method
 * throws, nothing is invalidated.
 *
 * <p>The key form drops a {@code @CacheResult} method's entry only when both key on the same parameter
 * types in the same order: {@code void update(String id, User user)} keys on both parameters, so it never
 * drops what {@code User find(String id)} cached; write {@code void update(@CacheKey String id, User user)}.
 * When the proxy is made, a key-form {@code @CacheInvalidate} whose key can never equal that of any
 * {@code @CacheResult} of the same cache on the same type is logged as a WARN naming both methods.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CacheInvalidate {
  /** The cache's name. */
  String cache();

  /**
   * A glob over keys ({@code users:*}); {@code {0}}, {@code {1}}... stand for the canonical form of the
   * method's arguments at those positions (glob characters in them escaped). Empty for the key form.
   */
  String pattern() default "";

  /** Removes every entry of the cache. Exclusive with {@link #pattern()}. */
  boolean all() default false;
}
