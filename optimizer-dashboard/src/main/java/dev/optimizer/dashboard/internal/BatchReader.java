package dev.optimizer.dashboard.internal;

import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.BatchProcessor;
import dev.optimizer.batch.BatchStats;
import dev.optimizer.batch.ItemFailure;
import dev.optimizer.batch.JobHandle;
import dev.optimizer.batch.JobResult;
import dev.optimizer.batch.Progress;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.Ticker;
import dev.optimizer.dashboard.BatchDocument;
import dev.optimizer.dashboard.JobDocument;
import dev.optimizer.dashboard.NoSuchEntryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the batch module. Loaded only when {@code optimizer-batch} is on the classpath. */
final class BatchReader {
  private final Optimizer optimizer;
  // items/s is not in BatchStats: measured here between readings at least a second apart.
  private final RateMeter itemRate;

  BatchReader(Optimizer optimizer, Ticker ticker) {
    this.optimizer = optimizer;
    this.itemRate = new RateMeter(ticker);
  }

  boolean started() {
    return optimizer.findModule(BatchModule.class).isPresent();
  }

  BatchDocument.Processor processor() {
    BatchProcessor p = optimizer.module(BatchModule.class).processor();
    BatchStats s = p.stats();
    double rate = itemRate.rate(s.itemsSucceeded() + s.itemsFailed());
    List<BatchDocument.JobProgress> live = new ArrayList<>();
    for (JobHandle<?> h : p.liveJobs()) {
      Progress pr = h.progress();
      live.add(new BatchDocument.JobProgress(h.id(), h.name(), pr.status().name(), pr.itemsDone(), pr.itemsFailed(),
          pr.itemsTotal(), pr.fraction(), pr.itemsPerSecond(), pr.eta().map(Seconds::of).orElse(null)));
    }
    return new BatchDocument.Processor(p.config().name(), new BatchDocument.Jobs(s.submitted(), s.rejected(),
        s.queued(), s.running(), s.completed(), s.failed(), s.cancelled()), s.queued(), s.itemsSucceeded(),
        s.itemsFailed(), rate, s.retries(), s.batches(), s.meanBatchSize(), Seconds.of(s.meanBatchLatency()),
        s.workerCap(), live);
  }

  JobDocument job(String id) {
    long n;
    try {
      n = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("job id must be a whole number, was '" + id + "'", e);
    }
    BatchProcessor p = optimizer.module(BatchModule.class).processor();
    Optional<JobHandle<?>> handle = p.job(n);
    if (handle.isEmpty()) {
      throw new NoSuchEntryException("job", id);
    }
    JobHandle<?> h = handle.get();
    Progress pr = h.progress();
    List<JobDocument.Failure> failures = new ArrayList<>();
    Optional<JobResult<?>> result = p.results(n);
    if (result.isPresent()) {
      for (ItemFailure f : result.get().failures()) {
        if (failures.size() == JobDocument.MAX_FAILURES) {
          break;
        }
        Throwable e = f.error();
        failures.add(new JobDocument.Failure(f.index(), f.attempts(),
            e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
      }
    }
    return new JobDocument(h.id(), h.name(), pr.status().name(), pr.itemsDone(), pr.itemsFailed(), pr.itemsTotal(),
        pr.fraction(), pr.itemsPerSecond(), pr.eta().map(Seconds::of).orElse(null), failures);
  }
}
