package dev.optimizer.core.support;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread factory of the project's modules: daemon threads (they never keep a JVM alive), named
 * {@code optimizer-<module>-<purpose>-N} so a thread dump says whose they are, and whose uncaught
 * exceptions are logged at ERROR, never lost. Supported for the project's modules; every thread or
 * executor a module starts comes from here, and the module stops it on close.
 *
 * <p>Thread-safe: numbers are unique per factory, from 1, across threads.
 */
public final class DaemonThreadFactory implements ThreadFactory {
  private static final Logger log = LoggerFactory.getLogger(DaemonThreadFactory.class);

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  private DaemonThreadFactory(String prefix) {
    this.prefix = prefix;
  }

  /**
   * A factory naming threads {@code optimizer-<module>-<purpose>-N}, N from 1.
   *
   * @param module the module's short name, e.g. {@code redis}
   * @param purpose what the threads do, possibly with the instance's name, e.g. {@code subscriber} or
   *     {@code orders-worker}
   * @throws IllegalArgumentException if either is blank
   * @throws NullPointerException if either is null
   */
  public static DaemonThreadFactory of(String module, String purpose) {
    return new DaemonThreadFactory(
        "optimizer-" + nonBlank(module, "module") + "-" + nonBlank(purpose, "purpose"));
  }

  /**
   * A new, unstarted daemon thread running {@code r}, named with this factory's next number.
   *
   * @throws NullPointerException if {@code r} is null
   */
  /**
   * A single-thread executor whose thread comes from {@link #of(String, String)}. The caller owns it and
   * shuts it down on close.
   */
  public static ExecutorService singleThreadExecutor(String module, String purpose) {
    return Executors.newSingleThreadExecutor(of(module, purpose));
  }

  /**
   * A single-thread scheduler whose thread comes from {@link #of(String, String)}. The caller owns it and
   * shuts it down on close.
   */
  public static ScheduledExecutorService singleThreadScheduler(String module, String purpose) {
    return Executors.newSingleThreadScheduledExecutor(of(module, purpose));
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(Objects.requireNonNull(r, "r"), prefix + "-" + count.incrementAndGet());
    t.setDaemon(true);
    t.setUncaughtExceptionHandler((thread, e) -> log.error("uncaught in {}", thread.getName(), e));
    return t;
  }

  @Override
  public String toString() {
    return "DaemonThreadFactory{" + prefix + "-N}";
  }

  private static String nonBlank(String value, String name) {
    if (Objects.requireNonNull(value, name).isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
