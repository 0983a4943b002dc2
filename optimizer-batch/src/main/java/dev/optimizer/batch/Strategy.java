package dev.optimizer.batch;

/** How a job's batches are executed. Every strategy returns results in input order. */
public enum Strategy {
  /** One batch after another on the job's coordinator thread. */
  SEQUENTIAL,
  /** Up to {@code maxWorkers} batches at once (the coordinator plus pooled helpers). */
  PARALLEL,
  /**
   * A chain of stages ({@link Pipeline}), one thread per stage and bounded buffers between them, so
   * stage {@code s+1} of batch {@code k} runs while stage {@code s} of batch {@code k+1} runs.
   */
  PIPELINE,
  /** Batch size and concurrency chosen while running by an {@link AdaptiveController}. */
  ADAPTIVE
}
