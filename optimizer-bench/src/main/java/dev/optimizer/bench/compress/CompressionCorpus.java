package dev.optimizer.bench.compress;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reproducible benchmark inputs: the same seed gives the same bytes on every machine and run, so ratios
 * are comparable across runs. Each kind models data a library user compresses. Thread-safe.
 */
public enum CompressionCorpus {
  /** Newline-separated JSON records (ids, names, emails, booleans, decimals, tags, timestamps). */
  JSON_RECORDS,
  /** Application log lines: timestamp, level, thread, logger, message with numbers. */
  LOG_LINES,
  /** Little-endian binary time series: increasing timestamps, a random-walk double and counters. */
  NUMERIC_BINARY,
  /** Uniform random bytes: incompressible (and already-compressed data looks like this). */
  RANDOM_BYTES;

  /** The size of {@link #bytes()}: 1 MiB. */
  public static final int SIZE = 1 << 20;
  private static final long SEED = 20261122L;
  private static final Map<CompressionCorpus, byte[]> CACHE = new EnumMap<>(CompressionCorpus.class);

  /** This corpus at 1 MiB, generated once per process; do not modify the array. */
  public synchronized byte[] bytes() {
    return CACHE.computeIfAbsent(this, c -> c.generate(SIZE, SEED));
  }

  /** This corpus at {@code size} bytes from {@code seed}: the same arguments give the same bytes. */
  public byte[] generate(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ ordinal());
    return switch (this) {
      case JSON_RECORDS -> text(size, () -> json(r));
      case LOG_LINES -> text(size, () -> log(r));
      case NUMERIC_BINARY -> numeric(size, r);
      case RANDOM_BYTES -> {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
          b[i] = (byte) r.nextInt(256);
        }
        yield b;
      }
    };
  }

  private static final String[] FIRST = {"ada", "alan", "grace", "linus", "barbara", "ken", "dennis", "edsger",
      "margaret", "john", "frances", "donald", "leslie", "tony", "niklaus", "radia"};
  private static final String[] TAGS = {"admin", "beta", "premium", "trial", "eu", "us", "apac", "mobile", "web",
      "api"};
  private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
  private static final String[] LOGGERS = {"d.o.orders.OrderService", "d.o.http.RequestLog", "d.o.cache.TieredCache",
      "d.o.db.ConnectionPool", "d.o.auth.TokenVerifier"};
  private static final String[] MESSAGES = {"order %d processed in %d ms for customer %d",
      "GET /api/v1/users/%d 200 %d ms bytes=%d", "cache miss for key users:%d, loaded in %d ms (size %d)",
      "pool stats active=%d idle=%d waiting=%d", "token for subject %d expires in %d s, scope %d"};

  private interface Line {
    String next();
  }

  private static byte[] text(int size, Line line) {
    StringBuilder sb = new StringBuilder(size + 256);
    while (sb.length() < size) {
      sb.append(line.next()).append('\n');
    }
    return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.UTF_8), size);
  }

  private static String json(SplittableRandom r) {
    int user = r.nextInt(100_000);
    String name = FIRST[r.nextInt(FIRST.length)];
    return String.format(Locale.ROOT,
        "{\"id\":%d,\"user\":\"%s_%d\",\"email\":\"%s.%d@example.com\",\"active\":%b,\"score\":%.2f,"
            + "\"tags\":[\"%s\",\"%s\"],\"created\":\"2026-%02d-%02dT%02d:%02d:%02dZ\"}",
        r.nextInt(10_000_000), name, user, name, user, r.nextBoolean(), r.nextDouble() * 100,
        TAGS[r.nextInt(TAGS.length)], TAGS[r.nextInt(TAGS.length)], 1 + r.nextInt(12), 1 + r.nextInt(28),
        r.nextInt(24), r.nextInt(60), r.nextInt(60));
  }

  private static long logMillis = 1_763_776_000_000L;

  private static String log(SplittableRandom r) {
    logMillis += r.nextInt(50);
    int m = r.nextInt(MESSAGES.length);
    return String.format(Locale.ROOT, "%s %-5s [worker-%d] %s - " + MESSAGES[m],
        java.time.Instant.ofEpochMilli(logMillis), LEVELS[r.nextInt(LEVELS.length)], r.nextInt(16),
        LOGGERS[m], r.nextInt(100_000), r.nextInt(500), r.nextInt(1_000_000));
  }

  private static byte[] numeric(int size, SplittableRandom r) {
    ByteBuffer b = ByteBuffer.allocate(size + 32).order(ByteOrder.LITTLE_ENDIAN);
    long t = 1_763_776_000_000L;
    double value = 100;
    int counter = 0;
    while (b.position() + 24 <= size + 32 && b.position() < size) {
      t += 1000 + r.nextInt(5);
      value += r.nextGaussian() * 0.5;
      counter += r.nextInt(10);
      b.putLong(t).putDouble(Math.round(value * 100) / 100.0).putInt(counter).putInt(r.nextInt(4));
    }
    return Arrays.copyOf(b.array(), size);
  }
}
