package dev.optimizer.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The document of {@code GET /api/v1/batch/stats}: the batch module's processor and the coalescers whose meters
 * are bound to the optimizer's registry. Immutable.
 *
 * @param processor the module's processor
 * @param coalescers the coalescers ({@code @BatchProcess(bulk = ..)} ones, and any of your own whose
 *     {@code metrics()} you bound to the optimizer's registry), by name
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchDocument(Processor processor, List<Coalescer> coalescers) {
  /** Copies the list. */
  public BatchDocument {
    coalescers = List.copyOf(coalescers);
  }

  /**
   * A batch processor.
   *
   * @param name its configured name
   * @param jobs jobs by status
   * @param queueDepth jobs waiting in the queue now
   * @param itemsSucceeded items that succeeded
   * @param itemsFailed items that failed after their last attempt
   * @param itemsPerSecond items finished (succeeded or failed) per second, measured by the dashboard between
   *     two readings at least a second apart; 0 until two readings exist
   * @param retries items retried
   * @param batches batch calls made, retries included
   * @param meanBatchSize mean items per batch call
   * @param meanBatchLatencySeconds mean duration of a batch call, seconds
   * @param workerCap concurrent batches allowed per job now
   * @param liveJobs the jobs queued or running now, by id
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Processor(String name, Jobs jobs, int queueDepth, long itemsSucceeded, long itemsFailed,
      double itemsPerSecond, long retries, long batches, double meanBatchSize, double meanBatchLatencySeconds,
      int workerCap, List<JobProgress> liveJobs) {
    /** Copies the list. */
    public Processor {
      liveJobs = List.copyOf(liveJobs);
    }
  }

  /**
   * Jobs by status since the processor was created.
   *
   * @param submitted accepted
   * @param rejected refused because the queue was full
   * @param queued waiting now
   * @param running running now
   * @param completed ended COMPLETED
   * @param failed ended FAILED
   * @param cancelled ended CANCELLED
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Jobs(long submitted, long rejected, int queued, int running, long completed, long failed,
      long cancelled) {}

  /**
   * The progress of one live job.
   *
   * @param id the job's id
   * @param name its name
   * @param status {@code QUEUED} or {@code RUNNING} (or terminal if it ended while being read)
   * @param itemsDone items that succeeded
   * @param itemsFailed items that failed
   * @param itemsTotal items in the job
   * @param progressRatio (done + failed) / total, fraction
   * @param itemsPerSecond items finished per second since it started running
   * @param etaSeconds estimated seconds to finish, null when unknown
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record JobProgress(long id, String name, String status, long itemsDone, long itemsFailed,
      long itemsTotal, double progressRatio, double itemsPerSecond, @Nullable Double etaSeconds) {}

  /**
   * A coalescer, from its {@code optimizer.batch.coalesced.*} meters.
   *
   * @param name its name
   * @param requests {@code load} calls
   * @param duplicates calls that joined a key already waiting
   * @param bulkCalls bulk calls made
   * @param failedBulkCalls bulk calls that threw
   * @param meanCoalescedSize mean distinct keys per bulk call (calls since its meters were bound)
   * @param maxCoalescedSize largest bulk call, keys (recent window of the meter)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Coalescer(String name, long requests, long duplicates, long bulkCalls, long failedBulkCalls,
      double meanCoalescedSize, double maxCoalescedSize) {}
}
