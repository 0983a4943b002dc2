package dev.optimizer.bench.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The systems behind the demo service, with the costs of real ones: a database row lookup, a remote
 * price API charged per call and per item, a document store of large texts, and a configuration
 * service that takes a while to assemble. Counts every call so the demo can show what the optimizer
 * saved. Thread-safe.
 */
public final class Backend {
  /** What one product lookup costs. */
  static final long PRODUCT_MILLIS = 5;
  /** What one price API call costs, whatever its size. */
  static final long PRICE_CALL_MILLIS = 2;
  /** What the price API charges per item in a call. */
  static final long PRICE_ITEM_MICROS = 20;
  /** What assembling the configuration costs. */
  static final long SETTINGS_MILLIS = 60;
  /** Size of one document. */
  static final int DOCUMENT_BYTES = 256 * 1024;

  /** Connections in the price API client's pool. */
  static final int PRICE_CONNECTIONS = 4;

  private final AtomicLong calls = new AtomicLong();
  private final Semaphore priceConnections = new Semaphore(PRICE_CONNECTIONS);

  /** Calls made so far, of every kind. */
  public long calls() {
    return calls.get();
  }

  /** A product row: one database round trip. */
  public String product(String id) {
    calls.incrementAndGet();
    pause(TimeUnit.MILLISECONDS.toNanos(PRODUCT_MILLIS));
    return "product " + id + " (" + id.hashCode() % 97 + " in stock)";
  }

  /**
   * Prices of {@code skus}, in order: one remote call over a pool of {@link #PRICE_CONNECTIONS}
   * connections, so calls beyond that wait for a free one, as with any HTTP client pool.
   */
  public List<Long> prices(List<String> skus) {
    calls.incrementAndGet();
    priceConnections.acquireUninterruptibly();
    try {
      pause(TimeUnit.MILLISECONDS.toNanos(PRICE_CALL_MILLIS)
          + TimeUnit.MICROSECONDS.toNanos(PRICE_ITEM_MICROS) * skus.size());
    } finally {
      priceConnections.release();
    }
    List<Long> out = new ArrayList<>(skus.size());
    for (String sku : skus) {
      out.add(priceOf(sku));
    }
    return out;
  }

  /** The price the API quotes for one sku (for checking results). */
  static long priceOf(String sku) {
    return 100 + Math.floorMod(sku.hashCode(), 9_900);
  }

  /** A large product document: log-like text that compresses well, as real documents do. */
  public String document(String id) {
    calls.incrementAndGet();
    pause(TimeUnit.MILLISECONDS.toNanos(PRODUCT_MILLIS));
    return documentText(id);
  }

  /** The text of document {@code id}: deterministic, about {@link #DOCUMENT_BYTES} bytes. */
  static String documentText(String id) {
    Random r = new Random(id.hashCode());
    String[] words = {"shipping", "warranty", "battery", "stainless", "steel", "customer", "review",
        "excellent", "returns", "delivery", "colour", "size", "material", "cotton", "recommended"};
    StringBuilder sb = new StringBuilder(DOCUMENT_BYTES + 200);
    int line = 0;
    while (sb.length() < DOCUMENT_BYTES) {
      sb.append("{\"doc\":\"").append(id).append("\",\"line\":").append(line++).append(",\"rating\":")
          .append(1 + r.nextInt(5)).append(",\"text\":\"");
      for (int w = 0; w < 12; w++) {
        sb.append(words[r.nextInt(words.length)]).append(' ');
      }
      sb.append("\"}\n");
    }
    return sb.toString();
  }

  /** The application's configuration: slow to assemble (remote config, parsing, validation). */
  public String settings() {
    calls.incrementAndGet();
    pause(TimeUnit.MILLISECONDS.toNanos(SETTINGS_MILLIS));
    return "currency=EUR;taxRate=0.21;featureFlags=search,recommendations";
  }

  /** UTF-8 size of a string, the "bytes stored" unit. */
  static long bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void pause(long nanos) {
    // parkNanos, not sleep: cheap to interrupt-check and precise enough for millisecond costs.
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
