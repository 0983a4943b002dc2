package dev.optimizer.batch.internal.redis;

import dev.optimizer.batch.JobHandle;
import dev.optimizer.batch.JobResult;
import dev.optimizer.batch.JobStatus;
import dev.optimizer.batch.Progress;
import dev.optimizer.batch.ProgressListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job of the Redis store seen from this node: status and progress are read from Redis on each call; the
 * result future, listeners and publisher are fed by {@link JobWatch} (the store's channel, and a poll as a
 * safety net).
 */
final class RemoteHandle<O> implements JobHandle<O> {
  private static final Logger log = LoggerFactory.getLogger(RemoteHandle.class);

  private final RedisJobs store;
  private final long id;
  private final String handler;
  private final int priority;
  private final Map<String, String> metadata;
  private final CompletableFuture<JobResult<O>> result = new CompletableFuture<>();
  private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
  private final SubmissionPublisher<Progress> publisher;
  private volatile Progress last;
  private volatile boolean observed;
  private boolean finished; // guarded by this

  RemoteHandle(RedisJobs store, JobView view, Progress now) {
    this.store = store;
    this.id = view.id();
    this.handler = view.handler();
    this.priority = view.priority();
    this.metadata = view.metadata();
    this.last = now;
    this.publisher = new SubmissionPublisher<>(store.events(), 1);
    result.whenComplete((r, e) -> {
      if (result.isCancelled()) {
        cancel();
      }
    });
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String name() {
    return handler;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public JobStatus status() {
    return store.status(id).orElse(last.status());
  }

  @Override
  public Progress progress() {
    return store.progress(id).orElse(last);
  }

  @Override
  public CompletableFuture<JobResult<O>> result() {
    return result;
  }

  @Override
  public boolean cancel() {
    return store.cancel(id);
  }

  @Override
  public void addListener(ProgressListener listener) {
    observe(true);
    boolean ended;
    synchronized (this) {
      listeners.add(listener);
      ended = finished;
    }
    if (ended) {
      store.events().execute(() -> tell(listener, last));
    }
  }

  @Override
  public Flow.Publisher<Progress> progressPublisher() {
    observe(false);
    return publisher;
  }

  /**
   * Marks the job observed in Redis the first time (so that every step is published, not only the end); at
   * once when {@code now} (the caller then hears the next step), else on the event thread. Renewed by the
   * watch's poll while this handle is watched.
   */
  private void observe(boolean now) {
    if (observed || result.isDone()) {
      return;
    }
    observed = true;
    if (now) {
      store.observe(id);
    } else {
      store.events().execute(() -> store.observe(id));
    }
  }

  /** True once a listener was added or the publisher asked for. */
  boolean observed() {
    return observed;
  }

  /** True when someone listens to progress (a listener or a publisher subscriber). */
  boolean hasObservers() {
    return !listeners.isEmpty() || publisher.hasSubscribers();
  }

  boolean isDone() {
    return result.isDone();
  }

  /** Called on the event thread with a fresh read; tells listeners when something moved. */
  void update(Progress p) {
    Progress before = last;
    last = p;
    if (before.itemsDone() == p.itemsDone() && before.itemsFailed() == p.itemsFailed()
        && before.status() == p.status()) {
      return;
    }
    for (ProgressListener l : listeners) {
      tell(l, p);
    }
    publisher.offer(p, (s, dropped) -> !p.status().isTerminal() ? false : true);
  }

  /** The terminal update: every listener hears it exactly once, also when the job ended before it was watched. */
  @SuppressWarnings("unchecked")
  void finish(Progress p, JobResult<?> r) {
    List<ProgressListener> toTell;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      last = p;
      toTell = List.copyOf(listeners);
    }
    for (ProgressListener l : toTell) {
      tell(l, p);
    }
    publisher.offer(p, (s, dropped) -> true);
    publisher.close();
    result.complete((JobResult<O>) r);
  }

  void fail(Throwable e) {
    publisher.closeExceptionally(e);
    result.completeExceptionally(e);
  }

  private void tell(ProgressListener l, Progress p) {
    try {
      l.onProgress(p);
    } catch (RuntimeException e) {
      log.warn("progress listener of job {} failed", id, e);
    }
  }
}
