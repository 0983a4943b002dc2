package dev.optimizer.core.support;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread factory of the project's modules: daemon threads (they never keep a JVM alive), named
 * so a thread dump says whose they are, and whose uncaught exceptions are logged at ERROR, never lost.
 * Supported for the project's modules; thread-safe.
 */
public final class DaemonThreadFactory implements ThreadFactory {
  private static final Logger log = LoggerFactory.getLogger(DaemonThreadFactory.class);

  private final String prefix;
  private final boolean numberFirst;
  private final AtomicInteger count = new AtomicInteger();

  /** Threads are named {@code prefix}, then {@code prefix-2}, {@code prefix-3}... */
  public DaemonThreadFactory(String prefix) {
    this(prefix, false);
  }

  private DaemonThreadFactory(String prefix, boolean numberFirst) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.numberFirst = numberFirst;
  }

  /**
   * A factory naming threads {@code optimizer-<module>-<purpose>-N}, N from 1.
   *
   * @param module e.g. {@code redis}
   * @param purpose e.g. {@code subscriber}
   */
  public static DaemonThreadFactory of(String module, String purpose) {
    return new DaemonThreadFactory("optimizer-" + module + "-" + purpose, true);
  }

  @Override
  public Thread newThread(Runnable r) {
    int n = count.incrementAndGet();
    Thread t = new Thread(r, numberFirst || n > 1 ? prefix + "-" + n : prefix);
    t.setDaemon(true);
    t.setUncaughtExceptionHandler((thread, e) -> log.error("uncaught in {}", thread.getName(), e));
    return t;
  }
}
