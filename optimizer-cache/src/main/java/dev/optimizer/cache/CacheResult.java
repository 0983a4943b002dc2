package dev.optimizer.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches the method's result in a named {@link TieredCache} of the {@link CacheModule}, keyed by its
 * {@link CacheKey} parameters (all parameters when none is marked). Works through
 * {@code optimizer.proxy(...)} and {@code optimizer.enhance(...)}.
 *
 * <p>Keys are stable strings across JVMs: a single String argument is the key as it is; other arguments
 * use their canonical form (numbers, enums by name, UUID, java.time, records, collections...), several
 * joined by commas; no arguments give {@code ()}. A parameter type with no stable form, a void method or
 * a bad {@code ttl} is rejected with IllegalArgumentException when the proxy is made, naming the method
 * and parameter. The method's declared return type is added to the cache's serialization allow-list.
 *
 * <p>Exceptions thrown by the method reach the caller unchanged and are not cached.
 *
 * <p><b>Asynchronous methods.</b> A method returning {@code CompletableFuture<V>} or {@code
 * CompletionStage<V>} caches the future's value, not the future: an L1 hit returns an already completed
 * future (no thread hand-off); on a miss the lower tiers are read on the cache module's I/O pool and the
 * method is called only if they miss too (on that pool's thread when the cache has a lower tier, so
 * thread-bound context does not follow it), and the caller's thread never blocks. Concurrent misses of one key, and
 * synchronous callers of the same key, share one call. A method that throws, returns null or completes its
 * future exceptionally fails the returned future (the exception unwrapped, as the method gave it) and
 * nothing is cached. {@code V} is added to the allow-list. Other {@code Future} types are rejected.
 * Cancelling or completing the returned future affects only that caller. Once the cache module is closed, a
 * call throws {@link IllegalStateException} at once, as a synchronous one does.
 *
 * <pre>{@code
 * @CacheResult(cache = "users", ttl = "10m")
 * CompletableFuture<User> user(long id);   // e.g. over a coalescing @BatchProcess lookup
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CacheResult {
  /** The cache's name ({@code [A-Za-z0-9._-]}). */
  String cache();

  /**
   * TTL of entries stored by this method in every tier, e.g. {@code 30s}, {@code 10m}, {@code 2h},
   * {@code 1d}, {@code 500ms}, {@code 500us} or ISO-8601 {@code PT10M} (the grammar of
   * {@link dev.optimizer.core.support.Durations}: a unit is required, the value must be positive); empty
   * for each tier's configured TTL.
   */
  String ttl() default "";

  /** The tiers used; empty for every tier the cache has. */
  Tier[] tiers() default {};

  /** Whether a null result is cached (with the cache's null TTL). */
  boolean cacheNull() default false;

  /**
   * Refresh-ahead, in the grammar of {@link #ttl()}; empty for none. A call that finds a value this node has
   * held in L1 for at least this long returns it at once and also starts one background call of the method
   * (on the cache module's I/O pool, as {@code @Async} would run it, so thread-bound context does not
   * follow) whose result replaces the entry in every tier; concurrent calls start no second one. A failed
   * background call leaves the cached value, counted in {@link CacheStats#refreshFailures()}. The entry
   * still expires at its TTL. Must be shorter than the entry's life ({@link #ttl()}, else L1's
   * expire-after-write) and needs L1 among the tiers; otherwise the proxy is refused with
   * IllegalArgumentException. See {@link EntryOptions#withRefreshAfter}.
   *
   * <pre>{@code
   * @CacheResult(cache = "reports", ttl = "60s", refreshAfter = "10s")
   * byte[] report();   // no caller waits for the rebuild once the first one is cached
   * }</pre>
   */
  String refreshAfter() default "";
}
