package dev.optimizer.batch;

import java.time.Duration;
import java.util.Optional;

/**
 * A job's progress at one moment. Immutable.
 *
 * @param jobId the job
 * @param status its status at that moment
 * @param itemsDone items that succeeded
 * @param itemsFailed items that failed after their last attempt
 * @param itemsTotal items in the job
 * @param itemsPerSecond (done + failed) per second since the job started running; 0 before
 * @param eta estimated time to finish at that rate; empty before the first batch or once terminal
 */
public record Progress(long jobId, JobStatus status, long itemsDone, long itemsFailed, long itemsTotal,
    double itemsPerSecond, Optional<Duration> eta) {
  /** Items that are neither done nor failed. */
  public long itemsRemaining() {
    return Math.max(0, itemsTotal - itemsDone - itemsFailed);
  }

  /** (done + failed) / total in [0, 1]; 1 for an empty job. */
  public double fraction() {
    return itemsTotal == 0 ? 1.0 : (double) (itemsDone + itemsFailed) / itemsTotal;
  }
}
