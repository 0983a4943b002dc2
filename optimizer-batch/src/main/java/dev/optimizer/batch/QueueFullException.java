package dev.optimizer.batch;

import java.util.concurrent.RejectedExecutionException;

/** {@link BatchProcessor#submit} found the job queue full (at once, or after waiting per config). */
public final class QueueFullException extends RejectedExecutionException {
  private static final long serialVersionUID = 1L;

  /** @param message names the queue capacity and the rejected job */
  public QueueFullException(String message) {
    super(message);
  }
}
