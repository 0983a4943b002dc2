package dev.optimizer.limit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method under the {@link LimitModule}'s adaptive {@link ConcurrencyLimiter} of this name: a call
 * beyond the limit (and its queue) throws {@link ConcurrencyLimitExceededException} before the method runs.
 * Methods naming one limiter share it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConcurrencyLimit {
  /** The limiter's name. */
  String name();
}
