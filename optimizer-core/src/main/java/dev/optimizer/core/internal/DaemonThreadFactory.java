package dev.optimizer.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Named daemon threads whose uncaught exceptions are logged, never lost. */
public final class DaemonThreadFactory implements ThreadFactory {
  private static final Logger log = LoggerFactory.getLogger(DaemonThreadFactory.class);

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  /** Threads are named {@code prefix}, then {@code prefix-2}, {@code prefix-3}... */
  public DaemonThreadFactory(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    int n = count.incrementAndGet();
    Thread t = new Thread(r, n == 1 ? prefix : prefix + "-" + n);
    t.setDaemon(true);
    t.setUncaughtExceptionHandler((thread, e) -> log.error("uncaught in {}", thread.getName(), e));
    return t;
  }
}
