package dev.optimizer.examples.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.SynchronousQueue;

/**
 * How long this machine takes to wake a parked thread after an idle gap: one thread hands a timestamp to
 * another every {@code gapMillis}. On an idle virtual machine whose vCPUs halt, each hand-off costs what
 * the host takes to run the vCPU again; a request crosses several such hand-offs (the generator, the HTTP
 * client's selector, the server's poller and worker, pool threads), so at low arrival rates this sets a
 * floor under every request's latency, whatever the service does. The load report prints it.
 */
final class IdleWakeUp {
  private IdleWakeUp() {}

  /** Median and 95th percentile of {@code samples} hand-offs, microseconds. */
  static long[] measure(int samples, long gapMillis) throws InterruptedException {
    SynchronousQueue<Long> queue = new SynchronousQueue<>();
    long[] hops = new long[samples];
    Thread taker = new Thread(() -> {
      try {
        for (int i = 0; i < samples; i++) {
          long sent = queue.take();
          hops[i] = (System.nanoTime() - sent) / 1_000;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "idle-wake-up-probe");
    taker.setDaemon(true);
    taker.start();
    for (int i = 0; i < samples; i++) {
      Thread.sleep(gapMillis);
      queue.put(System.nanoTime());
    }
    taker.join();
    Arrays.sort(hops);
    return new long[] {hops[samples / 2], hops[(int) Math.ceil(samples * 0.95) - 1]};
  }

  static String describe(int samples, long gapMillis) throws InterruptedException {
    long[] m = measure(samples, gapMillis);
    return String.format(Locale.ROOT, "one thread waking another after %d ms idle: p50 %d us, p95 %d us "
        + "(%d samples)", gapMillis, m[0], m[1], samples);
  }

  /** {@code java ... IdleWakeUp}: prints the figure for this machine. */
  public static void main(String[] args) throws InterruptedException {
    System.out.println(describe(50, 100));
  }
}
