package dev.optimizer.bench.demo;

import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.Job;
import dev.optimizer.bench.suite.RedisProbe;
import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.CompressionModule;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.support.DaemonThreadFactory;
import dev.optimizer.dashboard.Dashboard;
import dev.optimizer.dashboard.DashboardConfig;
import dev.optimizer.lazy.LazyRegistry;
import dev.optimizer.lazy.LoadStrategy;
import dev.optimizer.lazy.LazyModule;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code --demo-only --dashboard}: the demo service kept running under a steady mixed load, with its dashboard
 * open. Prints the URL and a token for the page's buttons, then serves until the process is stopped.
 *
 * <p>The load: a product catalog read through a cache whose L1 is smaller than the catalog (a realistic hit
 * rate with evictions), a session cache with a Redis L2 when {@code REDIS_URL} answers, a reindex batch job
 * every 12 seconds, documents compressed with several algorithms, and lazily loaded settings that go stale.
 */
public final class DashboardDemo {
  private final PrintStream out;

  /** A demo printing to {@code out}. */
  public DashboardDemo(PrintStream out) {
    this.out = out;
  }

  /** Starts the service and its dashboard; returns only when the thread is interrupted. */
  public void run() throws InterruptedException {
    String token = HexFormat.of().formatHex(randomBytes());
    try (Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom()
            .monitorInterval(Duration.ofSeconds(1)).build()).build();
        Dashboard dashboard = Dashboard.start(optimizer, DashboardConfig.custom()
            .settings(dev.optimizer.core.spi.Settings.fromProcess()).token(token).build())) {
      List<Runnable> loads = loads(optimizer);
      ExecutorService traffic = Executors.newFixedThreadPool(loads.size(), DaemonThreadFactory.of("demo", "traffic"));
      for (Runnable load : loads) {
        traffic.execute(load);
      }
      out.println();
      out.println("== the demo service is running with its dashboard:");
      out.println("   " + dashboard.uri());
      out.println("   token for the page's buttons (Optimize now, Clear cache): " + token);
      out.println("   stop with Ctrl-C");
      out.flush();
      try {
        new CountDownLatch(1).await();
      } finally {
        traffic.shutdownNow();
      }
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private List<Runnable> loads(Optimizer optimizer) {
    List<Runnable> loads = new ArrayList<>();
    CacheModule caches = optimizer.module(CacheModule.class);
    TieredCache<String, String> products = caches.register(TieredCache.<String, String>builder(
        CacheConfig.custom("products").l1MaximumSize(600).build()).valueCodec(ValueCodec.string()).build());
    loads.add(every(Duration.ofMillis(2), () -> {
      // A skewed catalog: most reads go to few products, so the hit rate settles well below 100%.
      int id = (int) Math.floor(Math.pow(ThreadLocalRandom.current().nextDouble(), 2.5) * 2_000);
      products.get("product:" + id, k -> {
        sleepQuietly(1);
        return "product " + k;
      });
    }));
    String redisUrl = RedisProbe.configuredUrl();
    if (RedisProbe.answers(redisUrl, 500)) {
      TieredCache<String, String> sessions = caches.register(TieredCache.<String, String>builder(
          CacheConfig.custom("sessions").l1MaximumSize(200).build()).valueCodec(ValueCodec.string())
          .l2(RedisTier.create(RedisTierConfig.ofDefaults("sessions"))).build());
      loads.add(every(Duration.ofMillis(5), () -> {
        int id = ThreadLocalRandom.current().nextInt(800);
        sessions.get("session:" + id, k -> "user of " + k);
      }));
    }
    loads.add(every(Duration.ofSeconds(12), () -> {
      List<Integer> items = java.util.stream.IntStream.range(0, 2_000).boxed().toList();
      optimizer.module(BatchModule.class).processor().submit(Job.<Integer, Integer>of(items, batch -> {
        Thread.sleep(80);
        return batch;
      }).name("reindex").batchSize(20).maxWorkers(1).build());
    }));
    CompressionEngine engine = optimizer.module(CompressionModule.class).engine();
    byte[] document = ("{\"order\": 1, \"lines\": [\"widget\", \"gadget\", \"gizmo\"], \"note\": \"ship fast\"} ")
        .repeat(400).getBytes(StandardCharsets.UTF_8);
    Algorithm[] algorithms = {Algorithm.GZIP, Algorithm.LZ4, Algorithm.ZSTD};
    loads.add(every(Duration.ofMillis(50), () -> {
      for (Algorithm a : algorithms) {
        if (engine.availableAlgorithms().contains(a)) {
          engine.decompress(engine.compress(document, a));
        }
      }
    }));
    LazyRegistry lazy = optimizer.module(LazyModule.class).registry();
    lazy.loader("feature-flags", () -> {
      sleepQuietly(20);
      return "flags@" + System.nanoTime();
    }).strategy(LoadStrategy.CACHED).ttl(Duration.ofSeconds(2)).register();
    loads.add(every(Duration.ofMillis(100), () -> lazy.require("feature-flags").get()));
    // Garbage, so the GC charts have something to show.
    loads.add(every(Duration.ofMillis(20), () -> {
      byte[][] junk = new byte[64][];
      for (int i = 0; i < junk.length; i++) {
        junk[i] = new byte[16 * 1024];
      }
      if (junk[ThreadLocalRandom.current().nextInt(junk.length)].length == 0) {
        throw new AssertionError();
      }
    }));
    return loads;
  }

  private Runnable every(Duration pause, Runnable step) {
    return () -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          step.run();
        } catch (RuntimeException e) {
          out.println("demo load step failed: " + e);
        }
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    };
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
