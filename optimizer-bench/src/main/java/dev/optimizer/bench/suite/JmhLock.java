package dev.optimizer.bench.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * JMH's machine-wide lock ({@code <java.io.tmpdir>/jmh.lock}), which keeps two JMH processes from
 * measuring on the same CPUs at once. JMH fails a run outright when another process holds it; the suite
 * would rather wait for that process, and, if it does not finish, run anyway with a warning, so the
 * command still produces its report. JMH reads its {@code jmh.ignoreLock} override once, when its
 * {@code Runner} class initialises: {@link #awaitOrOverride} must run before the first run.
 */
final class JmhLock {
  static final String IGNORE_PROPERTY = "jmh.ignoreLock";

  private JmhLock() {}

  /**
   * Returns when the lock is free (left for JMH to take), or after {@code maxWaitSeconds} with JMH told
   * to ignore the lock, saying so on {@code console}.
   */
  static void awaitOrOverride(long maxWaitSeconds, PrintStream console) {
    if (Boolean.getBoolean(IGNORE_PROPERTY)) {
      return;
    }
    long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
    boolean warned = false;
    while (!isFree()) {
      if (System.nanoTime() > deadline) {
        console.println("another JMH process still holds JMH's lock after " + maxWaitSeconds
            + " s: running anyway; this run's figures share the CPU with it");
        System.setProperty(IGNORE_PROPERTY, "true");
        return;
      }
      if (!warned) {
        console.println("another JMH process is running; waiting up to " + maxWaitSeconds
            + " s for it to finish…");
        warned = true;
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean isFree() {
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false;
      }
      lock.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false;
    } catch (IOException e) {
      // Cannot even look: let JMH decide, as it would without us.
      return true;
    }
  }
}
