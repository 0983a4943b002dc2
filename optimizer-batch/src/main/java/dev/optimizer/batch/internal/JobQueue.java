package dev.optimizer.batch.internal;

import dev.optimizer.batch.QueueFullException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/** A bounded priority queue of jobs: higher priority first, then submission order. Thread-safe. */
public final class JobQueue {
  private static final Comparator<JobRecord<?, ?>> ORDER =
      Comparator.<JobRecord<?, ?>>comparingInt(r -> -r.priority()).thenComparingLong(JobRecord::id);

  private final int capacity;
  private final PriorityQueue<JobRecord<?, ?>> queue = new PriorityQueue<>(ORDER);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private boolean closed;

  /** @param capacity jobs waiting at most */
  public JobQueue(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Adds a job, waiting up to {@code waitNanos} for room (0: do not wait).
   *
   * @throws QueueFullException if there is no room in time
   * @throws IllegalStateException if the queue is closed
   * @throws InterruptedException if interrupted while waiting
   */
  public void put(JobRecord<?, ?> record, long waitNanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long remaining = waitNanos;
      while (!closed && queue.size() >= capacity) {
        if (remaining <= 0) {
          throw new QueueFullException("job queue full (capacity " + capacity + "), rejected " + record
              + (waitNanos > 0 ? " after waiting " + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms" : ""));
        }
        remaining = notFull.awaitNanos(remaining);
      }
      if (closed) {
        throw new IllegalStateException("batch processor is closed; rejected " + record);
      }
      queue.add(record);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The next job, waiting for one; null once the queue is closed and empty. */
  public @Nullable JobRecord<?, ?> take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (queue.isEmpty()) {
        if (closed) {
          return null;
        }
        notEmpty.await();
      }
      JobRecord<?, ?> r = queue.poll();
      notFull.signal();
      return r;
    } finally {
      lock.unlock();
    }
  }

  /** Removes a waiting job; false if it is not waiting. */
  public boolean remove(JobRecord<?, ?> record) {
    lock.lock();
    try {
      boolean removed = queue.remove(record);
      if (removed) {
        notFull.signal();
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /** Jobs waiting now. */
  public int size() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Refuses further puts (waiting submitters fail) and lets takers drain what is left. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns every waiting job. */
  public List<JobRecord<?, ?>> drain() {
    lock.lock();
    try {
      List<JobRecord<?, ?>> out = new ArrayList<>(queue);
      queue.clear();
      notFull.signalAll();
      return out;
    } finally {
      lock.unlock();
    }
  }
}
