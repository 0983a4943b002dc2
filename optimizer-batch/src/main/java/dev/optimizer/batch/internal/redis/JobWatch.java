package dev.optimizer.batch.internal.redis;

import dev.optimizer.batch.JobStoreException;
import dev.optimizer.batch.Progress;
import dev.optimizer.redis.RedisMessageListener;
import dev.optimizer.redis.RedisSubscription;
import dev.optimizer.redis.RedisUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's handles of store jobs up to date: every state change script publishes the job's id on
 * the store's channel, heard on the connection's one subscriber thread; the read happens on the processor's
 * event thread. A poll every second covers messages missed while the subscriber reconnected.
 */
final class JobWatch implements RedisMessageListener {
  private static final Logger log = LoggerFactory.getLogger(JobWatch.class);

  private final RedisJobs store;
  private final ScheduledExecutorService timer;
  private final Map<Long, RemoteHandle<?>> handles = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  private volatile @Nullable RedisSubscription subscription;
  private volatile @Nullable ScheduledFuture<?> poll;

  JobWatch(RedisJobs store, ScheduledExecutorService timer) {
    this.store = store;
    this.timer = timer;
  }

  void add(RemoteHandle<?> handle) {
    handles.putIfAbsent(handle.id(), handle);
    if (started.compareAndSet(false, true)) {
      try {
        subscription = store.redis.subscribe(store.keys.channel(), this);
      } catch (IllegalStateException e) {
        log.warn("store {}: cannot subscribe to job events ({}); polling only", store.keys.prefix, e.getMessage());
      }
      poll = timer.scheduleWithFixedDelay(this::queueRefreshAll, 1, 1, TimeUnit.SECONDS);
    }
    store.events().execute(() -> refresh(handle.id()));
  }

  @Nullable RemoteHandle<?> get(long id) {
    return handles.get(id);
  }

  @Override
  public void onMessage(byte[] payload) {
    String text = new String(payload, StandardCharsets.US_ASCII);
    int colon = text.indexOf(':');
    long id;
    try {
      id = Long.parseLong(colon < 0 ? text : text.substring(0, colon));
    } catch (NumberFormatException e) {
      log.debug("store {}: ignored event '{}'", store.keys.prefix, text);
      return;
    }
    RemoteHandle<?> h = handles.get(id);
    if (h == null) {
      return;
    }
    // A progress step matters only to listeners; the end matters to the result future too.
    boolean terminal = colon >= 0 && isTerminal(text.substring(colon + 1));
    if (terminal || h.hasObservers()) {
      store.events().execute(() -> refresh(id));
    }
  }

  /** The job ended; refresh its handle on this node, if any. */
  void ended(long id) {
    if (handles.containsKey(id)) {
      store.events().execute(() -> refresh(id));
    }
  }

  static boolean isTerminal(String state) {
    return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED");
  }

  @Override
  public void onResubscribed() {
    queueRefreshAll();
  }

  private void queueRefreshAll() {
    if (!handles.isEmpty() && refreshQueued.compareAndSet(false, true)) {
      store.events().execute(() -> {
        refreshQueued.set(false);
        for (Long id : handles.keySet()) {
          refresh(id);
        }
      });
    }
  }

  private void refresh(long id) {
    RemoteHandle<?> h = handles.get(id);
    if (h == null || h.isDone()) {
      handles.remove(id);
      return;
    }
    try {
      Optional<RedisJobs.Snapshot> snapshot = store.snapshot(id);
      if (snapshot.isEmpty()) {
        handles.remove(id);
        h.fail(new IllegalStateException("job " + id + " is no longer in the store (expired or deleted)"));
        return;
      }
      JobView view = snapshot.get().view();
      Progress p = view.progress(store.nowMillis());
      if (p.status().isTerminal()) {
        handles.remove(id);
        Map<String, byte[]> outcomes = snapshot.get().outcomes();
        h.finish(p, outcomes != null ? store.result(view, outcomes) : store.result(view));
      } else {
        h.update(p);
      }
    } catch (JobStoreException e) {
      handles.remove(id);
      h.fail(e);
    } catch (RedisUnavailableException e) {
      log.debug("store {}: job {} not refreshed: {}", store.keys.prefix, id, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("store {}: refreshing job {} failed", store.keys.prefix, id, e);
    }
  }

  void close() {
    RedisSubscription s = subscription;
    if (s != null) {
      s.close();
    }
    ScheduledFuture<?> p = poll;
    if (p != null) {
      p.cancel(false);
    }
  }
}
