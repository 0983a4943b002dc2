package dev.optimizer.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The document of {@code GET /api/v1/batch/jobs/{id}}: one job of the batch module's processor. Immutable.
 *
 * @param id the job's id
 * @param name its name
 * @param status {@code QUEUED}, {@code RUNNING}, {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}
 * @param itemsDone items that succeeded
 * @param itemsFailed items that failed after their last attempt (the failures so far)
 * @param itemsTotal items in the job
 * @param progressRatio (done + failed) / total, fraction
 * @param itemsPerSecond items finished per second since it started running
 * @param etaSeconds estimated seconds to finish at that rate; null before the first batch or once terminal
 * @param failures the first failures so far (at most {@value #MAX_FAILURES}), in input order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobDocument(long id, String name, String status, long itemsDone, long itemsFailed, long itemsTotal,
    double progressRatio, double itemsPerSecond, @Nullable Double etaSeconds, List<Failure> failures) {
  /** Most failures a document lists. */
  public static final int MAX_FAILURES = 20;

  /** Copies the list. */
  public JobDocument {
    failures = List.copyOf(failures);
  }

  /**
   * One failed item.
   *
   * @param index the item's position in the job's input
   * @param attempts attempts made
   * @param error the last error's class and message
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Failure(int index, int attempts, String error) {}
}
