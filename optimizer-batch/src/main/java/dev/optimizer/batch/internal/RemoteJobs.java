package dev.optimizer.batch.internal;

import dev.optimizer.batch.BatchFunction;
import dev.optimizer.batch.DeadLetter;
import dev.optimizer.batch.JobCodec;
import dev.optimizer.batch.JobHandle;
import dev.optimizer.batch.JobResult;
import dev.optimizer.batch.JobStatus;
import dev.optimizer.batch.JobStoreStats;
import dev.optimizer.batch.NamedJob;
import dev.optimizer.batch.Progress;
import dev.optimizer.batch.ProgressListener;
import dev.optimizer.batch.RetryPolicy;
import dev.optimizer.core.Ticker;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** The jobs of a shared job store as one processor sees them; what {@code BatchProcessor} delegates to. */
public interface RemoteJobs {
  /** What the processor lends the store. */
  interface Host {
    /** The processor's event thread (listeners). */
    Executor events();

    /** The processor's time source. */
    Ticker ticker();

    /** The retry policy of batches run on this node. */
    RetryPolicy retryPolicy();
  }

  /** Registers a handler by name and starts taking its batches. */
  <I, O> void register(String name, BatchFunction<I, O> handler, JobCodec<I> itemCodec, JobCodec<O> resultCodec);

  /** Enqueues a job (or finds the job of its idempotency key). */
  <I, O> JobHandle<O> submit(NamedJob<I, O> job, int defaultBatchSize);

  Optional<JobStatus> status(long id);

  Optional<Progress> progress(long id);

  Optional<JobResult<?>> results(long id);

  Optional<JobHandle<?>> job(long id);

  boolean cancel(long id);

  boolean addListener(long id, ProgressListener listener);

  List<DeadLetter> deadLetters(int max);

  JobStoreStats stats();

  MeterBinder metrics();

  /** Stops taking batches, waits up to {@code drainNanos} for running ones, then stops every thread. */
  void close(long drainNanos);
}
