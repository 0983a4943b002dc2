package dev.optimizer.batch;

import java.util.List;

/**
 * Thrown by {@link JobResult#valuesOrThrow()} when a job did not produce a value for every item. The
 * first item failure is the cause; every failure is in {@link #failures()}.
 */
public final class BatchJobException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<ItemFailure> failures;

  /** @param failures every item failure of the job, possibly empty when it was cancelled */
  public BatchJobException(String message, List<ItemFailure> failures) {
    super(message, failures.isEmpty() ? null : failures.get(0).error());
    this.failures = List.copyOf(failures);
  }

  /** Every item that failed, in input order. */
  public List<ItemFailure> failures() {
    return failures;
  }
}
