package dev.optimizer.batch.internal.redis;

import dev.optimizer.batch.JobStoreException;
import dev.optimizer.batch.Progress;
import dev.optimizer.redis.RedisMessageListener;
import dev.optimizer.redis.RedisSubscription;
import dev.optimizer.redis.RedisUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private static final int RECENT_ENDS = 4096;

  private final RedisJobs store;
  private final ScheduledExecutorService timer;
  private final Map<Long, RemoteHandle<?>> handles = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  /** Jobs heard to end lately (any node's), for {@link #add}; bounded to {@link #RECENT_ENDS}. */
  private final Set<Long> recentlyEnded = ConcurrentHashMap.newKeySet();
  private final long[] endOrder = new long[RECENT_ENDS]; // a ring, oldest at endNext; job ids start at 1
  private int endNext; // guarded by endOrder
  private volatile @Nullable RedisSubscription subscription;
  /** A message arrived on the channel: the subscription works (the subscribe call returns before it does). */
  private volatile boolean heard;
  private volatile @Nullable ScheduledFuture<?> poll;

  JobWatch(RedisJobs store, ScheduledExecutorService timer) {
    this.store = store;
    this.timer = timer;
  }

  /**
   * Watches {@code handle}. {@code fresh}: its state was learnt from the script that created the job just now,
   * so it is read again only if the job may have ended unheard: before the subscription was heard to work
   * (a message arrived), or its end was heard before the handle was here. Otherwise it is read at once.
   */
  void add(RemoteHandle<?> handle, boolean fresh) {
    handles.putIfAbsent(handle.id(), handle);
    if (started.compareAndSet(false, true)) {
      try {
        subscription = store.redis.subscribe(store.keys.channel(), this);
      } catch (IllegalStateException e) {
        log.warn("store {}: cannot subscribe to job events ({}); polling only", store.keys.prefix, e.getMessage());
      }
      poll = timer.scheduleWithFixedDelay(this::queueRefreshAll, 1, 1, TimeUnit.SECONDS);
    }
    // After the put above: an end recorded before this check is seen here, one recorded after it finds the handle.
    if (!fresh || !heard || recentlyEnded.contains(handle.id())) {
      store.events().execute(() -> refresh(handle.id()));
    }
  }

  /** Remembers that job {@code id} ended; first, so that {@link #add} cannot miss an end heard meanwhile. */
  private void recordEnd(long id) {
    if (recentlyEnded.add(id)) {
      synchronized (endOrder) {
        long old = endOrder[endNext];
        endOrder[endNext] = id;
        endNext = (endNext + 1) % RECENT_ENDS;
        if (old != 0) {
          recentlyEnded.remove(old);
        }
      }
    }
  }

  @Nullable RemoteHandle<?> get(long id) {
    return handles.get(id);
  }

  @Override
  public void onMessage(byte[] payload) {
    heard = true;
    String text = new String(payload, StandardCharsets.US_ASCII);
    int colon = text.indexOf(':');
    long id;
    try {
      id = Long.parseLong(colon < 0 ? text : text.substring(0, colon));
    } catch (NumberFormatException e) {
      log.debug("store {}: ignored event '{}'", store.keys.prefix, text);
      return;
    }
    // A progress step matters only to listeners; the end matters to the result future too.
    boolean terminal = colon >= 0 && isTerminal(text.substring(colon + 1));
    if (terminal) {
      recordEnd(id);
    }
    RemoteHandle<?> h = handles.get(id);
    if (h == null) {
      return;
    }
    if (terminal || h.hasObservers()) {
      store.events().execute(() -> refresh(id));
    }
  }

  /** The job ended; refresh its handle on this node, if any. */
  void ended(long id) {
    recordEnd(id);
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
          RemoteHandle<?> h = handles.get(id);
          if (h != null && h.observed()) {
            store.observe(id);
          }
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
