package dev.optimizer.batch;

/** What {@link BatchProcessor#submit} does when the job queue is full. */
public enum QueueFullPolicy {
  /** Throw {@link QueueFullException} at once. */
  REJECT,
  /** Block the submitter up to {@link BatchConfig#submitTimeout()}, then throw {@link QueueFullException}. */
  WAIT
}
