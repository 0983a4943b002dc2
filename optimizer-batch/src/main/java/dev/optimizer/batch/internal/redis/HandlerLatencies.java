package dev.optimizer.batch.internal.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Each handler's time per item: what this node's workers measured since its last lease renewal (sent with
 * the renewal, which folds it into the store-wide figure in Redis), and the store-wide figure as this node
 * last read it (re-read at most once per second, for ADAPTIVE batch sizes at submit). Thread-safe.
 */
final class HandlerLatencies {
  /** The handlers hash field of a handler's store-wide time per item: a space never occurs in a name. */
  static final String FIELD_PREFIX = "lat ";
  private static final long REREAD_NANOS = 1_000_000_000L;

  private final Map<String, Sample> local = new ConcurrentHashMap<>();
  private final Map<String, Read> shared = new ConcurrentHashMap<>();

  private static final class Sample {
    final LongAdder nanos = new LongAdder();
    final LongAdder items = new LongAdder();
  }

  private record Read(double nanosPerItem, long atNanos) {}

  /** One batch of {@code items} that the handler ran in {@code nanos}. */
  void record(String handler, long nanos, int items) {
    if (items > 0 && nanos >= 0) {
      Sample s = local.computeIfAbsent(handler, h -> new Sample());
      s.nanos.add(nanos);
      s.items.add(items);
    }
  }

  /** Nanoseconds per item since the last call, as the renewal sends it; empty when nothing ran. */
  String drain(String handler) {
    Sample s = local.get(handler);
    if (s == null) {
      return "";
    }
    long items = s.items.sumThenReset();
    long nanos = s.nanos.sumThenReset();
    return items == 0 ? "" : Double.toString((double) nanos / items);
  }

  /**
   * The store-wide time per item of {@code handler}, ns, read through {@code reader} when this node's copy
   * is older than a second; negative when no node has reported one.
   */
  double storeWide(String handler, long nowNanos, java.util.function.Function<String, String> reader) {
    Read r = shared.get(handler);
    if (r == null || nowNanos - r.atNanos() > REREAD_NANOS) {
      String raw = reader.apply(FIELD_PREFIX + handler);
      double v = -1;
      if (raw != null) {
        try {
          v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
          v = -1; // a hand-edited field: sized as if unknown, and the next renewal overwrites it
        }
      }
      r = new Read(v, nowNanos);
      shared.put(handler, r);
    }
    return r.nanosPerItem();
  }
}
