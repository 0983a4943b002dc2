package dev.optimizer.lazy.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Daemon threads named {@code prefix-1}, {@code prefix-2}...; uncaught exceptions are logged. */
public final class NamedDaemonThreads implements ThreadFactory {
  private static final Logger log = LoggerFactory.getLogger(NamedDaemonThreads.class);

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  /** @param prefix the thread name before the sequence number */
  public NamedDaemonThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
    t.setDaemon(true);
    t.setUncaughtExceptionHandler((thread, e) -> log.error("uncaught in {}", thread.getName(), e));
    return t;
  }
}
