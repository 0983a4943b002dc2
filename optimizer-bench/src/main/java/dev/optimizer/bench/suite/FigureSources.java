package dev.optimizer.bench.suite;

import java.util.List;

/** The non-JMH figure sources the suite runs, by group. */
public final class FigureSources {
  private FigureSources() {}

  /** Every source, in no particular order. */
  public static List<FigureSource> all() {
    return List.of(new SelectionQualitySource(), new AdaptiveSimulationSource());
  }
}
