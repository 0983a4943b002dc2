package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One engine shared by several threads: block frames, pooled buffers and the choice cache all at once. */
class ConcurrentUseTest {
  @Test
  void compress_sharedEngineAcrossThreads_everyFrameRoundTrips() throws Exception {
    try (CompressionEngine engine = CompressionEngine.create(CompressionConfig.custom().blockSize(64 << 10)
        .parallelThreshold(64 << 10).workers(3).build())) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      Algorithm[] algorithms = {Algorithm.LZ4, Algorithm.ZSTD, Algorithm.GZIP, Algorithm.SNAPPY};
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          int checked = 0;
          for (int i = 0; i < 15; i++) {
            byte[] data = TestData.text(50_000 + 40_000 * i, thread * 100L + i);
            byte[] fixed = engine.compress(data, algorithms[(thread + i) % algorithms.length], Level.FAST);
            byte[] auto = engine.compress(data, "kind-" + (i % 3));
            assertThat(engine.decompress(fixed)).isEqualTo(data);
            assertThat(engine.decompress(auto)).isEqualTo(data);
            checked += 2;
          }
          return checked;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(total).isEqualTo(4 * 15 * 2);
      assertThat(engine.stats().corruptFrames()).isZero();
    }
  }
}
