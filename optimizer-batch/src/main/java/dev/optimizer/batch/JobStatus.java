package dev.optimizer.batch;

/** Where a job is in its life. QUEUED and RUNNING are live; the other three are terminal. */
public enum JobStatus {
  /** Accepted and waiting in the priority queue. */
  QUEUED,
  /** Being executed. */
  RUNNING,
  /** Every item was processed and succeeded. */
  COMPLETED,
  /** Every item was processed (or the job aborted) and at least one item failed; see {@link JobResult#failures()}. */
  FAILED,
  /** Cancelled before it finished; items already processed keep their results. */
  CANCELLED;

  /** True for COMPLETED, FAILED and CANCELLED. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
