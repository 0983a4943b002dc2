package dev.optimizer.compress;

import dev.optimizer.compress.internal.EngineCounters;
import dev.optimizer.compress.internal.FramedCompressionEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Binds an engine's counters as meters, read from the engine's own lock-free counters (nothing is
 * recorded per call on the registry):
 * <ul>
 *   <li>{@code optimizer.compress.bytes.in} / {@code .bytes.out} (counters, bytes), tags {@code algorithm},
 *       {@code direction} = compress | decompress;</li>
 *   <li>{@code optimizer.compress.time} (function timer), same tags;</li>
 *   <li>{@code optimizer.compress.ratio} (gauge, original / compressed over all compressions), tag
 *       {@code algorithm};</li>
 *   <li>{@code optimizer.compress.stored.uncompressed}, {@code optimizer.compress.corrupt} (counters);</li>
 *   <li>{@code optimizer.compress.level} (gauge, 0 FAST, 1 BALANCED, 2 MAXIMUM).</li>
 * </ul>
 * Extra tags given at construction are added to every meter.
 */
public final class CompressionMetrics implements MeterBinder {
  private final CompressionEngine engine;
  private final Tags tags;

  /**
   * @param engine an engine made by {@link CompressionEngine#create}
   * @param tags extra tags, e.g. {@code name=payloads}
   * @throws IllegalArgumentException if the engine is not one of this library's
   */
  public CompressionMetrics(CompressionEngine engine, Iterable<Tag> tags) {
    this.engine = Objects.requireNonNull(engine, "engine");
    if (!(engine instanceof FramedCompressionEngine)) {
      throw new IllegalArgumentException("engine must come from CompressionEngine.create, was " + engine.getClass());
    }
    this.tags = Tags.of(tags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    EngineCounters counters = ((FramedCompressionEngine) engine).counters();
    for (Algorithm a : Algorithm.values()) {
      for (boolean compressing : new boolean[] {true, false}) {
        EngineCounters.Direction d = counters.of(a, compressing);
        Tags t = tags.and("algorithm", a.name().toLowerCase(java.util.Locale.ROOT))
            .and("direction", compressing ? "compress" : "decompress");
        FunctionCounter.builder("optimizer.compress.bytes.in", d, EngineCounters.Direction::bytesIn)
            .baseUnit("bytes").description("bytes consumed").tags(t).register(registry);
        FunctionCounter.builder("optimizer.compress.bytes.out", d, EngineCounters.Direction::bytesOut)
            .baseUnit("bytes").description("bytes produced").tags(t).register(registry);
        FunctionTimer.builder("optimizer.compress.time", d, EngineCounters.Direction::calls,
                EngineCounters.Direction::nanos, TimeUnit.NANOSECONDS)
            .description("time spent per call").tags(t).register(registry);
      }
      EngineCounters.Direction c = counters.of(a, true);
      Gauge.builder("optimizer.compress.ratio", c,
              d -> d.bytesOut() == 0 ? 0 : (double) d.bytesIn() / d.bytesOut())
          .description("original bytes / compressed bytes").tags(tags.and("algorithm",
              a.name().toLowerCase(java.util.Locale.ROOT))).register(registry);
    }
    FunctionCounter.builder("optimizer.compress.stored.uncompressed", counters, EngineCounters::storedUncompressed)
        .description("frames stored uncompressed because the data did not compress").tags(tags).register(registry);
    FunctionCounter.builder("optimizer.compress.corrupt", counters, EngineCounters::corrupt)
        .description("inputs rejected as corrupt, truncated, foreign or oversized").tags(tags).register(registry);
    Gauge.builder("optimizer.compress.level", engine, e -> e.currentLevel().ordinal())
        .description("current default level: 0 FAST, 1 BALANCED, 2 MAXIMUM").tags(tags).register(registry);
  }
}
