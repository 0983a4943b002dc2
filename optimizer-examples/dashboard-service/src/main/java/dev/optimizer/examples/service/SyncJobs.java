package dev.optimizer.examples.service;

import dev.optimizer.batch.BatchProcessor;
import dev.optimizer.batch.JobCodec;
import dev.optimizer.batch.JobStatus;
import dev.optimizer.batch.NamedJob;
import dev.optimizer.batch.Progress;
import dev.optimizer.batch.ProgressListener;
import dev.optimizer.examples.service.Model.JobView;
import dev.optimizer.examples.service.Model.SyncStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/sync}: marks the 10,000 sync records as synced, 500 per batch. With the optimizer the
 * job goes to the Redis job store: both replicas work on it, and either replica answers its status and
 * streams its progress. Without it the job runs on the replica that took the request, which alone knows it.
 */
@Component
public class SyncJobs implements DisposableBean {
  static final String HANDLER = "ref-sync";
  private static final Logger log = LoggerFactory.getLogger(SyncJobs.class);

  private final JdbcTemplate jdbc;
  private final @Nullable BatchProcessor processor;
  private final String node;
  private final Map<Long, LocalJob> local = new ConcurrentHashMap<>();
  private final AtomicLong localIds = new AtomicLong();
  private final ExecutorService localRunner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "ref-sync-local");
    t.setDaemon(true);
    return t;
  });

  public SyncJobs(JdbcTemplate jdbc, ObjectProvider<BatchProcessor> processor,
      @Value("${ref.node:${server.port:8080}}") String node) {
    this.jdbc = jdbc;
    this.processor = processor.getIfAvailable();
    this.node = node;
    if (this.processor != null) {
      this.processor.register(HANDLER, this::sync, JobCodec.longs(), JobCodec.longs());
    }
  }

  private List<Long> sync(List<Long> ids) {
    jdbc.update("update sync_records set version = version + 1, synced_at = now() where id = any(?)",
        (Object) ids.toArray(Long[]::new));
    return ids;
  }

  /** Starts a sync over every record. */
  public SyncStarted start() {
    List<Long> ids = jdbc.queryForList("select id from sync_records order by id", Long.class);
    if (processor != null) {
      long id = processor.submit(NamedJob.of(HANDLER, ids, JobCodec.longs(), JobCodec.longs()).batchSize(500)
          .build()).id();
      return new SyncStarted(id, ids.size(), "redis-job-store");
    }
    LocalJob job = new LocalJob(localIds.incrementAndGet(), ids.size());
    local.put(job.id, job);
    localRunner.execute(() -> job.run(ids));
    return new SyncStarted(job.id, ids.size(), "local");
  }

  /** Job {@code id} as this replica sees it; empty when unknown here. */
  public Optional<JobView> find(long id) {
    if (processor != null) {
      return processor.progress(id).map(this::view);
    }
    LocalJob job = local.get(id);
    return job == null ? Optional.empty() : Optional.of(view(job.progress()));
  }

  /** Tells {@code listener} about job {@code id}'s progress until it ends; false when unknown here. */
  public boolean listen(long id, ProgressListener listener) {
    if (processor != null) {
      return processor.addListener(id, listener);
    }
    LocalJob job = local.get(id);
    if (job == null) {
      return false;
    }
    job.listeners.add(listener);
    if (job.status == JobStatus.COMPLETED || job.status == JobStatus.FAILED) {
      listener.onProgress(job.progress());
    }
    return true;
  }

  JobView view(Progress p) {
    return new JobView(p.jobId(), p.status().name(), p.itemsDone(), p.itemsFailed(), p.itemsTotal(), node);
  }

  @Override
  public void destroy() {
    localRunner.shutdownNow();
  }

  private final class LocalJob {
    final long id;
    final int total;
    final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
    volatile JobStatus status = JobStatus.QUEUED;
    volatile long done;
    volatile long failed;

    LocalJob(long id, int total) {
      this.id = id;
      this.total = total;
    }

    Progress progress() {
      return new Progress(id, status, done, failed, total, 0, Optional.empty());
    }

    void run(List<Long> ids) {
      status = JobStatus.RUNNING;
      for (int from = 0; from < ids.size(); from += 500) {
        List<Long> batch = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + 500)));
        try {
          sync(batch);
          done += batch.size();
        } catch (RuntimeException e) {
          log.warn("sync batch at {} failed", from, e);
          failed += batch.size();
        }
        tell();
      }
      status = failed == 0 ? JobStatus.COMPLETED : JobStatus.FAILED;
      tell();
    }

    private void tell() {
      Progress p = progress();
      for (ProgressListener l : listeners) {
        try {
          l.onProgress(p);
        } catch (RuntimeException e) {
          log.debug("listener of job {} failed", id, e);
        }
      }
    }
  }
}
