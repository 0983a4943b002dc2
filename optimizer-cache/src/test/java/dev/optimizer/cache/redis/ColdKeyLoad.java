package dev.optimizer.cache.redis;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.RedisTierStats;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 11 item 2's load: {@code threads} callers read cold (never seen) keys through a TieredCache with
 * a default RedisTier for a while; each get is an L2 miss, a load and an L2 write. Run in this JVM with
 * platform threads, or as {@code main} in a Java 21+ child JVM with virtual threads.
 */
final class ColdKeyLoad {
  private ColdKeyLoad() {}

  /** What one run measured. */
  record Figures(long gets, long l2Calls, long skipped, long busy, long overBudget, long outages, long escaped) {
    private static final Pattern LINE = Pattern.compile("RESULT gets=(\\d+) l2Calls=(\\d+) skipped=(\\d+)"
        + " busy=(\\d+) overBudget=(\\d+) outages=(\\d+) escaped=(\\d+)");

    String line() {
      return "RESULT gets=" + gets + " l2Calls=" + l2Calls + " skipped=" + skipped + " busy=" + busy
          + " overBudget=" + overBudget + " outages=" + outages + " escaped=" + escaped;
    }

    static Figures parse(String out) {
      Matcher m = LINE.matcher(out);
      if (!m.find()) {
        throw new IllegalStateException("no RESULT line in:\n" + out);
      }
      long[] v = new long[7];
      for (int i = 0; i < 7; i++) {
        v[i] = Long.parseLong(m.group(i + 1));
      }
      return new Figures(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }
  }

  static ThreadFactory platformThreads() {
    return Thread::new;
  }

  /** Virtual threads through reflection, so that this compiles for Java 17. */
  static ThreadFactory virtualThreads() throws ReflectiveOperationException {
    return dev.optimizer.core.testing.VirtualThreads.factory();
  }

  /** This JVM's java if it has virtual threads, else the first Java 21+ under /usr/lib/jvm, else null. */
  static String javaWithVirtualThreads() throws IOException {
    return dev.optimizer.core.testing.VirtualThreads.javaBinary();
  }

  static Figures run(ThreadFactory threads, int callers, Duration duration) throws Exception {
    String name = "cold-" + UUID.randomUUID().toString().substring(0, 8);
    RedisTier tier = RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .cacheName(name).build());
    try (TieredCache<String, String> cache = TieredCache.<String, String>builder(CacheConfig.custom(name).build())
        .valueCodec(ValueCodec.string()).l2(tier).build()) {
      long outagesBefore = tier.connection().stats().outages();
      AtomicLong gets = new AtomicLong();
      AtomicLong escaped = new AtomicLong();
      CountDownLatch done = new CountDownLatch(callers);
      long end = System.nanoTime() + duration.toNanos();
      for (int t = 0; t < callers; t++) {
        int id = t;
        threads.newThread(() -> {
          try {
            for (int i = 0; System.nanoTime() < end; i++) {
              String key = id + ":" + i;
              if (!("v" + key).equals(cache.get(key, k -> "v" + k))) {
                escaped.incrementAndGet();
              }
              gets.incrementAndGet();
            }
          } catch (RuntimeException e) {
            escaped.incrementAndGet();
          } finally {
            done.countDown();
          }
        }).start();
      }
      done.await();
      RedisTierStats s = tier.stats();
      long l2Calls = s.hits() + s.misses() + gets.get(); // reads, plus one write per loaded key
      Figures f = new Figures(gets.get(), l2Calls, s.busy() + s.overBudget() + s.rejected() + s.errors(),
          s.busy(), s.overBudget(), tier.connection().stats().outages() - outagesBefore, escaped.get());
      System.out.println(f.line());
      cache.invalidateAll();
      return f;
    } finally {
      tier.close();
    }
  }

  /** {@code virtual|platform <callers> <seconds>}: prints one RESULT line. */
  public static void main(String[] args) throws Exception {
    ThreadFactory threads = "virtual".equals(args[0]) ? virtualThreads() : platformThreads();
    run(threads, Integer.parseInt(args[1]), Duration.ofSeconds(Long.parseLong(args[2])));
    System.exit(0); // test harness child JVM: end even if a client thread lingers
  }
}
