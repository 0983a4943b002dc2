package dev.optimizer.batch;

import java.time.Instant;

/**
 * A batch a {@link RedisJobStore} gave up on after {@link RedisJobStoreConfig#maxDeliveries()} deliveries
 * (each ended by a worker crash or a lost lease). Its items count as failed with {@link
 * JobStoreException.Kind#DEAD_LETTER}; the job goes on with its other batches. Immutable.
 *
 * @param jobId the job
 * @param batch the batch index within the job (0-based)
 * @param handler the job's handler name
 * @param deliveries how many times the batch was handed to a worker
 * @param at when it was dead-lettered (Redis server time)
 */
public record DeadLetter(long jobId, int batch, String handler, int deliveries, Instant at) {}
