package dev.optimizer.batch;

import java.util.List;

/**
 * Processes one batch as a whole: returns one result per input item, in the same order. Throwing fails
 * every item of the batch (they are retried together per the {@link RetryPolicy}). For a function that
 * can fail single items, use {@link ItemwiseBatchFunction}. Called from worker threads, possibly
 * concurrently for different batches of the same job.
 *
 * @param <I> item type
 * @param <O> result type
 */
@FunctionalInterface
public interface BatchFunction<I, O> {
  /**
   * @param batch the items of this batch; do not modify
   * @return exactly {@code batch.size()} results in input order (nulls allowed)
   * @throws Exception anything; every item of the batch counts as failed with it
   */
  List<O> apply(List<I> batch) throws Exception;
}
