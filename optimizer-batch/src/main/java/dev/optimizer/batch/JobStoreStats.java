package dev.optimizer.batch;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of a {@link RedisJobStore} seen from one processor: this node's counters since it started,
 * and the store-wide figures read from Redis when the snapshot was taken. Immutable.
 *
 * @param submitted jobs this node submitted (idempotent repeats included)
 * @param batchesTaken batches this node took (first deliveries and reclaims)
 * @param batchesCompleted batches this node completed and the store accepted
 * @param leasesRenewed lease renewals this node made
 * @param leasesExpired leases this node held and lost to another node (which took the batch over after the
 *     lease expired)
 * @param reclaims batches this node took over after another node's lease expired (each a possible second run)
 * @param staleRejected completions from this node the store rejected for a stale fencing token
 * @param deadLetters batches this node sent to the dead letters
 * @param jobsByState store-wide jobs by state (terminal counts since the namespace was first used)
 * @param queuedBatches store-wide batches waiting in the streams, not yet delivered to any worker
 * @param queueLag age of the oldest batch waiting to be delivered; {@link Duration#ZERO} when none waits
 */
public record JobStoreStats(long submitted, long batchesTaken, long batchesCompleted, long leasesRenewed,
    long leasesExpired, long reclaims, long staleRejected, long deadLetters, Map<JobStatus, Long> jobsByState,
    long queuedBatches, Duration queueLag) {
  /** Copies the map. */
  public JobStoreStats {
    jobsByState = Map.copyOf(jobsByState);
  }
}
