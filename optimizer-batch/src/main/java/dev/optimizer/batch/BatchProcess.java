package dev.optimizer.batch;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batches calls of the annotated method when it is called through an optimizer proxy. Two forms:
 *
 * <p><b>Split</b> (no {@link #bulk}): the method takes one {@code List}, {@code Collection} or {@code Set}
 * parameter (other parameters are passed unchanged) and returns a {@code List}/{@code Collection} (one
 * result per element, merged in input order), a {@code Map} (merged), or {@code void}. The argument is
 * split into batches of {@link #batchSize}, each batch calls the method with the strategy given (PIPELINE
 * is not allowed here), and the first failure is rethrown as itself once running batches stop.
 *
 * <pre>{@code
 * @BatchProcess(batchSize = 500, strategy = Strategy.PARALLEL, maxWorkers = 4)
 * List<Receipt> charge(List<Order> orders);
 * }</pre>
 *
 * <p><b>Coalesce</b> ({@link #bulk} set): the method takes one key and returns its value (or {@code
 * Optional<V>}, or {@code CompletableFuture<V>} to stay asynchronous). Concurrent calls are collapsed by a
 * {@link Coalescer} into calls of the named bulk method of the same target, which takes a {@code
 * Collection}/{@code Set}/{@code List} of keys and returns a {@code Map} from key to value. The bulk
 * method is called on the target directly (its own annotations do not apply). A missing key returns
 * null ({@code Optional.empty()}); a failed bulk call throws its exception in exactly the callers it
 * carried.
 *
 * <pre>{@code
 * @BatchProcess(bulk = "findAll", batchSize = 100, maxDelayMillis = 5)
 * User find(long id);
 * Map<Long, User> findAll(Collection<Long> ids);
 * }</pre>
 *
 * <p>Unusable declarations are rejected with {@link IllegalArgumentException} when the proxy is made.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BatchProcess {
  /** Items per batch (split) or distinct keys per bulk call (coalesce); {@code >= 1}. */
  int batchSize() default 100;

  /** How the batches of a split call run; ignored when coalescing. */
  Strategy strategy() default Strategy.PARALLEL;

  /** Concurrent batches at most; 0 for the processor's {@code maxWorkers}. */
  int maxWorkers() default 0;

  /** Name of the bulk method to coalesce into; empty for the split form. */
  String bulk() default "";

  /**
   * Coalesce only: how long the first key of a bulk call waits for company, ms, {@code >= 0}. A key that
   * arrives alone waits all of it; 0 sends a key at once when no bulk call is in flight and batches only
   * the keys that arrive while one runs (see {@link Coalescer.Builder#maxDelay}).
   */
  long maxDelayMillis() default 10;
}
