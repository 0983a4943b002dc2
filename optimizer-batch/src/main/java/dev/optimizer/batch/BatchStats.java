package dev.optimizer.batch;

import java.time.Duration;

/**
 * A snapshot of a {@link BatchProcessor}'s counters since it was created. Immutable.
 *
 * @param submitted jobs accepted
 * @param rejected jobs refused because the queue was full
 * @param completed jobs that ended COMPLETED
 * @param failed jobs that ended FAILED
 * @param cancelled jobs that ended CANCELLED
 * @param queued jobs waiting now
 * @param running jobs running now
 * @param itemsSucceeded items that succeeded
 * @param itemsFailed items that failed after their last attempt
 * @param batches batch calls made, retries included
 * @param meanBatchSize mean items per batch call
 * @param meanBatchLatency mean duration of a batch call; {@link Duration#ZERO} before any
 * @param retries items retried
 * @param workerCap concurrent batches allowed per job now (lower than configured under CPU pressure)
 */
public record BatchStats(long submitted, long rejected, long completed, long failed, long cancelled, int queued,
    int running, long itemsSucceeded, long itemsFailed, long batches, double meanBatchSize,
    Duration meanBatchLatency, long retries, int workerCap) {}
