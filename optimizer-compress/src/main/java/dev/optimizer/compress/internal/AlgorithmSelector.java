package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Choice;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.Goal;
import dev.optimizer.compress.Level;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures candidate codecs on a sample and caches the choice per content key until it is older than the
 * recheck interval (by the configured clock). Thread-safe; two threads missing the same key at once may
 * both measure, which costs time but not correctness.
 */
final class AlgorithmSelector {
  /** Per-candidate measuring budget; enough for a stable best-of on a 64 KiB sample. */
  private static final long BUDGET_NANOS = 2_000_000L;

  private final CompressionConfig config;
  private final CodecRegistry codecs;
  private final Map<String, Cached> cache;

  private record Cached(Algorithm algorithm, Instant measuredAt) {}

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

  Algorithm cachedChoice(String key, byte[] data, Level level) {
    Instant now = config.clock().instant();
    Cached hit;
    synchronized (cache) {
      hit = cache.get(key);
    }
    if (hit != null && now.isBefore(hit.measuredAt.plus(config.recheckInterval()))) {
      return hit.algorithm;
    }
    Algorithm chosen = choose(data, config.goal(), level).algorithm();
    synchronized (cache) {
      cache.put(key, new Cached(chosen, now));
    }
    return chosen;
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
