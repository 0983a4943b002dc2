package dev.optimizer.dashboard.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.CompressionModule;
import dev.optimizer.compress.CompressionStats;
import dev.optimizer.core.Optimizer;
import dev.optimizer.dashboard.CompressionDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Reads the compression module. Loaded only when {@code optimizer-compress} is on the classpath. */
final class CompressionReader {
  private static final CompressionStats.DirectionStats NONE =
      new CompressionStats.DirectionStats(0, 0, 0, java.time.Duration.ZERO);

  private final Optimizer optimizer;
  // The codecs an engine loaded never change: sorted once per engine, not once a second for the stream.
  private volatile @Nullable Available available;

  private record Available(CompressionEngine engine, List<String> names) {}

  CompressionReader(Optimizer optimizer) {
    this.optimizer = optimizer;
  }

  boolean started() {
    return optimizer.findModule(CompressionModule.class).isPresent();
  }

  CompressionDocument document() {
    CompressionEngine engine = optimizer.module(CompressionModule.class).engine();
    CompressionStats s = engine.stats();
    TreeSet<Algorithm> used = new TreeSet<>(s.compress().keySet());
    used.addAll(s.decompress().keySet());
    List<CompressionDocument.AlgorithmFigures> figures = new ArrayList<>();
    for (Algorithm a : used) {
      CompressionStats.DirectionStats c = s.compress().getOrDefault(a, NONE);
      CompressionStats.DirectionStats d = s.decompress().getOrDefault(a, NONE);
      // MB/s on the original side both ways: bytes in when compressing, bytes out when decompressing.
      figures.add(new CompressionDocument.AlgorithmFigures(a.name(), c.ratio(true), direction(c, c.bytesIn()),
          direction(d, d.bytesOut())));
    }
    List<String> available = availableNames(engine);
    String choice = engine.config().algorithm().map(Enum::name).orElse("AUTO");
    List<CompressionDocument.KeyChoice> choices = new ArrayList<>(s.choices().size());
    s.choices().forEach((key, algorithm) -> choices.add(new CompressionDocument.KeyChoice(key, algorithm.name())));
    return new CompressionDocument(engine.currentLevel().name(), choice, engine.config().goal().name(), available,
        figures, s.storedUncompressed(), s.corruptFrames(), choices);
  }

  private List<String> availableNames(CompressionEngine engine) {
    Available a = available;
    if (a == null || a.engine() != engine) {
      List<String> names = new ArrayList<>();
      for (Algorithm algorithm : new TreeSet<>(engine.availableAlgorithms())) {
        names.add(algorithm.name());
      }
      a = new Available(engine, List.copyOf(names));
      available = a;
    }
    return a.names();
  }

  private static CompressionDocument.Direction direction(CompressionStats.DirectionStats s, long originalBytes) {
    double seconds = Seconds.of(s.time());
    double mbPerSecond = seconds == 0 ? 0 : originalBytes / 1e6 / seconds;
    return new CompressionDocument.Direction(s.calls(), s.bytesIn(), s.bytesOut(), seconds, mbPerSecond);
  }
}
