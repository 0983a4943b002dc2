package dev.optimizer.batch;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs each element of the annotated method's {@code List}/{@code Collection}/{@code Set} argument
 * through the method on its own (a one-element collection per call), up to {@link #maxWorkers} at once,
 * and merges the results in input order, like {@code @BatchProcess(batchSize = 1, strategy = PARALLEL)}.
 * Same parameter and return rules as {@link BatchProcess}'s split form.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ParallelProcess {
  /** Concurrent calls at most; 0 for the processor's {@code maxWorkers}. */
  int maxWorkers() default 0;
}
