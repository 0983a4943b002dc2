package dev.optimizer.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a job produced. Immutable.
 *
 * @param jobId the job
 * @param status its terminal status (or the live one for a snapshot from {@link BatchProcessor#results})
 * @param values one slot per input item in input order: the result, or null where the item failed or
 *     was not processed (see {@link #failures()} and {@link #unprocessed()})
 * @param failures every item that failed after its last attempt, in input order; never dropped
 * @param unprocessed items never attempted (job cancelled or processor closed), by index
 * @param metadata the job's metadata
 * @param <O> result type
 */
public record JobResult<O>(long jobId, JobStatus status, List<@Nullable O> values, List<ItemFailure> failures,
    List<Integer> unprocessed, Map<String, String> metadata) {
  /** Copies the lists (values may hold nulls). */
  public JobResult {
    Objects.requireNonNull(status, "status");
    values = Collections.unmodifiableList(new ArrayList<>(values));
    failures = List.copyOf(failures);
    unprocessed = List.copyOf(unprocessed);
    metadata = Map.copyOf(metadata);
  }

  /** True when every item succeeded. */
  public boolean isSuccess() {
    return failures.isEmpty() && unprocessed.isEmpty() && status == JobStatus.COMPLETED;
  }

  /** Number of items that succeeded. */
  public int succeeded() {
    return values.size() - failures.size() - unprocessed.size();
  }

  /**
   * The values when every item succeeded.
   *
   * @throws BatchJobException naming the failed and unprocessed items otherwise
   */
  public List<@Nullable O> valuesOrThrow() {
    if (!isSuccess()) {
      throw new BatchJobException("job " + jobId + " " + status + ": " + failures.size() + " item(s) failed, "
          + unprocessed.size() + " unprocessed", failures);
    }
    return values;
  }
}
