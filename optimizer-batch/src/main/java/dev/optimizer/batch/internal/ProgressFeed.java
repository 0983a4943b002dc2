package dev.optimizer.batch.internal;

import dev.optimizer.batch.Progress;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conflating {@link Flow.Publisher}: each subscriber holds only the latest undelivered update, so a slow
 * subscriber skips intermediate updates instead of buffering without bound; completion is always
 * delivered after the terminal update.
 */
final class ProgressFeed implements Flow.Publisher<Progress> {
  private static final Logger log = LoggerFactory.getLogger(ProgressFeed.class);

  private final CopyOnWriteArrayList<Sub> subs = new CopyOnWriteArrayList<>();
  private volatile @Nullable Progress terminal;

  boolean hasSubscribers() {
    return !subs.isEmpty();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Progress> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Sub s = new Sub(subscriber);
    subs.add(s);
    try {
      subscriber.onSubscribe(s);
    } catch (RuntimeException e) {
      log.warn("subscriber failed in onSubscribe", e);
      subs.remove(s);
      return;
    }
    Progress t = terminal;
    if (t != null) {
      s.offer(t, true);
    }
  }

  void publish(Progress p, boolean last) {
    if (last) {
      terminal = p;
    }
    for (Sub s : subs) {
      s.offer(p, last);
    }
  }

  private final class Sub implements Flow.Subscription {
    private final Flow.Subscriber<? super Progress> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicReference<@Nullable Progress> latest = new AtomicReference<>();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean complete;
    private volatile boolean done;

    Sub(Flow.Subscriber<? super Progress> subscriber) {
      this.subscriber = subscriber;
    }

    void offer(Progress p, boolean last) {
      latest.set(p);
      if (last) {
        complete = true;
      }
      drain();
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        done = true;
        subs.remove(this);
        subscriber.onError(new IllegalArgumentException("request must be positive (rule 3.9), was " + n));
        return;
      }
      demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      drain();
    }

    @Override
    public void cancel() {
      done = true;
      subs.remove(this);
    }

    // Serialises signals (rule 1.3) across the publishing thread and requesting threads.
    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      do {
        while (!done) {
          if (demand.get() > 0) {
            Progress p = latest.getAndSet(null);
            if (p != null) {
              demand.decrementAndGet();
              try {
                subscriber.onNext(p);
              } catch (RuntimeException e) {
                log.warn("progress subscriber threw; cancelling its subscription", e);
                cancel();
                break;
              }
              continue;
            }
          }
          if (complete && latest.get() == null) {
            done = true;
            subs.remove(this);
            subscriber.onComplete();
          }
          break;
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }
  }
}
