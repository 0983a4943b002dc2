package dev.optimizer.batch;

import java.util.List;

/**
 * Processes one batch and reports each item's own outcome, so that only the failed items are retried.
 * Called from worker threads, possibly concurrently for different batches of the same job.
 *
 * @param <I> item type
 * @param <O> result type
 */
@FunctionalInterface
public interface ItemwiseBatchFunction<I, O> {
  /**
   * @param batch the items of this batch; do not modify
   * @return one outcome per item ({@code BatchOutcome.builder(batch.size())}); an item the outcome
   *     leaves unset counts as failed with {@link IllegalStateException}
   * @throws Exception anything; every item of the batch counts as failed with it
   */
  BatchOutcome<O> apply(List<I> batch) throws Exception;
}
