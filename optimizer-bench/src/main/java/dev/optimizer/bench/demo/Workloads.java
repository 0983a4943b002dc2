package dev.optimizer.bench.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The request streams the demo replays, the same for the plain and the optimized run. */
final class Workloads {
  /** Product lookups: 200 reads over 20 products, the hot ones read most, as real traffic does. */
  static final List<String> PRODUCT_READS = productReads();
  /** Threads asking for prices at once. */
  static final int PRICE_THREADS = 16;
  /** Prices each thread asks for, one at a time. */
  static final int PRICES_PER_THREAD = 25;
  /** Documents and how often each is read. */
  static final int DOCUMENTS = 12;
  static final int DOCUMENT_READS = 3;
  /** Requests, each reading the configuration. */
  static final int REQUESTS = 20;

  private Workloads() {}

  private static List<String> productReads() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      // Squaring skews the mix: low ids come up far more often than high ones.
      int rank = (int) (20 * Math.pow((i * 7919 % 200) / 200.0, 2));
      ids.add("p" + rank);
    }
    return List.copyOf(ids);
  }

  /** Runs {@code tasks} on {@code threads} threads and returns their results in order. */
  static <T> List<T> parallel(int threads, List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "demo-client");
      t.setDaemon(true);
      return t;
    });
    try {
      List<T> out = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(tasks)) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
