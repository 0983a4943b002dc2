package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Choice;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.Goal;
import dev.optimizer.compress.Level;
import dev.optimizer.core.support.DaemonThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures candidate codecs on a sample and caches the choice per content key until it is older than the
 * recheck interval (by the configured ticker). With background selection, a key without a fresh choice is
 * measured once on this selector's own daemon thread while callers get the stale choice or a provisional
 * one; without it, callers measure (two threads missing the same key at once may both measure, which
 * costs time but not correctness). Thread-safe.
 */
final class AlgorithmSelector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlgorithmSelector.class);
  /** Per-candidate measuring budget; enough for a stable best-of on a 64 KiB sample. */
  private static final long BUDGET_NANOS = 2_000_000L;

  private final CompressionConfig config;
  private final CodecRegistry codecs;
  private final Map<String, Cached> cache;
  /** Keys queued or being measured in the background, so each is measured once at a time. */
  private final Set<String> measuring = ConcurrentHashMap.newKeySet();
  private final LongAdder measurementFailures = new LongAdder();
  private @Nullable ExecutorService measurer;
  private boolean closed;

  private record Cached(Algorithm algorithm, long measuredAtNanos) {}

  /** Whether a choice measured at {@code measuredAtNanos} is still within the recheck interval. */
  private boolean fresh(Cached c) {
    // A difference, not a comparison of readings: ticker readings may overflow.
    return config.ticker().read() - c.measuredAtNanos < config.recheckInterval().toNanos();
  }

  AlgorithmSelector(CompressionConfig config, CodecRegistry codecs) {
    this.config = config;
    this.codecs = codecs;
    int max = config.maxCachedChoices();
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
        return size() > max;
      }
    };
  }

  /**
   * The choices still within the recheck interval, the most recently used last: at most {@code max}, the
   * most recent ones.
   */
  Map<String, Algorithm> freshChoices(int max) {
    List<Map.Entry<String, Cached>> entries = new ArrayList<>();
    synchronized (cache) {
      cache.forEach((k, v) -> entries.add(Map.entry(k, v)));
    }
    Map<String, Algorithm> out = new LinkedHashMap<>();
    for (Map.Entry<String, Cached> e : entries.subList(Math.max(0, entries.size() - max), entries.size())) {
      if (fresh(e.getValue())) {
        out.put(e.getKey(), e.getValue().algorithm());
      }
    }
    return out;
  }

  Algorithm cachedChoice(String key, byte[] data, Level level) {
    long now = config.ticker().read();
    Cached hit;
    synchronized (cache) {
      hit = cache.get(key);
    }
    if (hit != null && now - hit.measuredAtNanos < config.recheckInterval().toNanos()) {
      return hit.algorithm;
    }
    if (config.backgroundSelection()) {
      measureInBackground(key, data, level);
      return hit != null ? hit.algorithm : provisional();
    }
    Algorithm chosen = choose(data, config.goal(), level).algorithm();
    remember(key, chosen, now);
    return chosen;
  }

  /** Background measurements that threw; the key then keeps its provisional algorithm for an interval. */
  long measurementFailures() {
    return measurementFailures.sum();
  }

  private void remember(String key, Algorithm algorithm, long at) {
    synchronized (cache) {
      cache.put(key, new Cached(algorithm, at));
    }
  }

  /** What a key without a measured choice gets meanwhile: fast, and good on most data. */
  Algorithm provisional() {
    List<Algorithm> order = config.goal() == Goal.SPEED
        ? List.of(Algorithm.LZ4, Algorithm.ZSTD) : List.of(Algorithm.ZSTD, Algorithm.LZ4);
    for (Algorithm a : order) {
      if (config.candidates().contains(a) && codecs.isAvailable(a)) {
        return a;
      }
    }
    for (Algorithm a : config.candidates()) {
      if (a != Algorithm.NONE && codecs.isAvailable(a)) {
        return a;
      }
    }
    return Algorithm.NONE;
  }

  private void measureInBackground(String key, byte[] data, Level level) {
    if (!measuring.add(key)) {
      return;
    }
    // A measurement may have finished between our cache miss and taking the slot: it stores its choice
    // before it frees the slot, so a fresh entry now means there is nothing to do.
    Cached now;
    synchronized (cache) {
      now = cache.get(key);
    }
    if (now != null && fresh(now)) {
      measuring.remove(key);
      return;
    }
    // A copy: the caller may reuse its array once compress returns.
    byte[] sample = Arrays.copyOf(data, Math.min(data.length, config.sampleSize()));
    Runnable task = () -> {
      try {
        remember(key, choose(sample, config.goal(), level).algorithm(), config.ticker().read());
      } catch (RuntimeException | Error e) {
        measurementFailures.increment();
        log.warn("measuring compression candidates for content key '{}' failed; it keeps {} until the next "
            + "recheck", key, provisional(), e);
        remember(key, provisional(), config.ticker().read());
      } finally {
        measuring.remove(key);
      }
    };
    try {
      ExecutorService ex = measurer();
      if (ex == null) {
        measuring.remove(key); // closed: callers keep the provisional choice
        return;
      }
      ex.execute(task);
    } catch (RejectedExecutionException e) {
      measuring.remove(key);
      log.debug("selection for content key '{}' not scheduled: the engine is closing", key, e);
    }
  }

  private @Nullable ExecutorService measurer() {
    synchronized (measuring) {
      if (closed) {
        return null;
      }
      if (measurer == null) {
        measurer = DaemonThreadFactory.singleThreadExecutor("compress", "selection");
      }
      return measurer;
    }
  }

  /** Stops the background thread; measurements in flight are abandoned. */
  @Override
  public void close() {
    ExecutorService ex;
    synchronized (measuring) {
      closed = true;
      ex = measurer;
    }
    if (ex != null) {
      ex.shutdownNow();
    }
  }

  Choice choose(byte[] data, Goal goal, Level level) {
    byte[] sample = data.length <= config.sampleSize() ? data : Arrays.copyOf(data, config.sampleSize());
    List<Choice.Candidate> measured = new ArrayList<>();
    for (Algorithm a : config.candidates()) {
      if (a == Algorithm.NONE || !codecs.isAvailable(a)) {
        continue;
      }
      measured.add(measure(codecs.codec(a), sample, level, goal));
    }
    measured.sort(Comparator.comparingDouble(Choice.Candidate::score).reversed()
        .thenComparing(c -> c.algorithm().ordinal()));
    Algorithm chosen = measured.isEmpty() || !measured.get(0).eligible() ? Algorithm.NONE
        : measured.get(0).algorithm();
    return new Choice(chosen, level, goal, measured);
  }

  private Choice.Candidate measure(Codec codec, byte[] sample, Level level, Goal goal) {
    OutputBuffer[] out = new OutputBuffer[1];
    double c = Measure.bestNanosPerRun(() -> {
      OutputBuffer b = new OutputBuffer(codec.initialCapacity(sample.length));
      try {
        codec.compress(sample, 0, sample.length, level, b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out[0] = b;
    }, BUDGET_NANOS, 16);
    byte[] compressed = out[0].toByteArray();
    byte[] restored = new byte[sample.length];
    double d = Measure.bestNanosPerRun(() -> FramedCompressionEngine.decode(codec, compressed, 0, compressed.length,
        restored, 0, restored.length), BUDGET_NANOS, 16);
    double ratio = compressed.length == 0 ? 1 : (double) sample.length / compressed.length;
    double compressMbps = Measure.mbPerSecond(sample.length, c);
    double decompressMbps = Measure.mbPerSecond(sample.length, d);
    boolean eligible = sample.length > 0 && ratio >= config.minCompressRatio();
    double score = eligible ? goal.score(ratio, Measure.mbPerSecond(sample.length, c + d)) : 0;
    return new Choice.Candidate(codec.algorithm(), ratio, compressMbps, decompressMbps, eligible, score);
  }
}
