/**
 * Batch processing for the optimizer: the {@link dev.optimizer.batch.BatchProcessor} (jobs, strategies,
 * retries, progress), the {@link dev.optimizer.batch.Coalescer} request collapser, the
 * {@link dev.optimizer.batch.AdaptiveTuning} of ADAPTIVE jobs and the {@code @BatchProcess} / {@code @ParallelProcess}
 * annotations, plugged into the optimizer by {@link dev.optimizer.batch.BatchModule}; and the job stores
 * ({@link dev.optimizer.batch.JobStore}, {@link dev.optimizer.batch.RedisJobStore}) for jobs submitted by
 * handler name ({@link dev.optimizer.batch.NamedJob}).
 *
 * <p>Everything in {@code dev.optimizer.batch.internal} is implementation and may change without notice.
 */
@NullMarked
package dev.optimizer.batch;

import org.jspecify.annotations.NullMarked;
