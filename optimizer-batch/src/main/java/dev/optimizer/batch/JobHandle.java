package dev.optimizer.batch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A submitted job: its identity, live status and progress, its result, and cancellation. Thread-safe.
 *
 * @param <O> result type
 */
public interface JobHandle<O> {
  /** The id, unique within its processor, increasing in submission order. */
  long id();

  /** The job's name. */
  String name();

  /** The job's priority. */
  int priority();

  /** The job's metadata. */
  Map<String, String> metadata();

  /** The status now. */
  JobStatus status();

  /** Progress now. */
  Progress progress();

  /**
   * Completes (normally) with the {@link JobResult} once the job is terminal: COMPLETED, FAILED with its
   * item failures, or CANCELLED with what finished before. Cancelling this future cancels the job.
   * Dependent stages run on the thread completing it; do not block there.
   */
  CompletableFuture<JobResult<O>> result();

  /**
   * Cancels the job: a queued job never starts; a running job starts no new batch (batches already
   * running finish and keep their results), then turns CANCELLED. Idempotent.
   *
   * @return true if this call moved the job towards CANCELLED, false if it was already terminal
   */
  boolean cancel();

  /**
   * Adds a listener told after every batch and at the end (at once if the job is already terminal).
   * Listeners run on the processor's event thread.
   */
  void addListener(ProgressListener listener);

  /**
   * Progress as a reactive stream: each subscriber receives updates after it subscribes and
   * {@code onComplete} when the job is terminal. A slow subscriber misses intermediate updates (they are
   * dropped, never queued without bound); the terminal update is always delivered.
   */
  Flow.Publisher<Progress> progressPublisher();
}
