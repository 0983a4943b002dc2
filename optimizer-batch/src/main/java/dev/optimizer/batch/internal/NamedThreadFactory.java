package dev.optimizer.batch.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Daemon threads named {@code prefix-N} whose uncaught exceptions are logged, never lost. */
public final class NamedThreadFactory implements ThreadFactory {
  private static final Logger log = LoggerFactory.getLogger(NamedThreadFactory.class);

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  /** Threads are named {@code prefix-1}, {@code prefix-2}... */
  public NamedThreadFactory(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
    t.setDaemon(true);
    t.setUncaughtExceptionHandler((thread, e) -> log.error("uncaught exception in {}", thread.getName(), e));
    return t;
  }
}
