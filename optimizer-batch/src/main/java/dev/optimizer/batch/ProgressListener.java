package dev.optimizer.batch;

/**
 * Told about a job's progress after each batch and once when it reaches a terminal status. Called on the
 * processor's single event thread, in order per job; a slow listener delays other listeners, never the
 * workers. Exceptions are logged and ignored.
 */
@FunctionalInterface
public interface ProgressListener {
  /** One progress update. */
  void onProgress(Progress progress);
}
