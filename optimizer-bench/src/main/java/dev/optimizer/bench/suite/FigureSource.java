package dev.optimizer.bench.suite;

import dev.optimizer.bench.report.Measurement;
import java.util.List;

/**
 * A figure the suite gets without JMH: a deterministic simulation or a measured report (automatic
 * compression selection, the adaptive controller against a static sweep) whose JMH time would not be the
 * figure that matters. Each source stands for one benchmark class, so target rows name it like any
 * other; its figures come back as {@link Measurement}s with their own units (higher is better for a unit
 * that is not time).
 */
public interface FigureSource {
  /** The class whose figures these are, fully qualified (the target table's benchmark class). */
  String className();

  /** The suite group it runs in. */
  String group();

  /** Rough seconds {@link #measure()} takes, for the estimate. */
  double estimatedSeconds();

  /** Whether quick mode runs it (a source too slow for five minutes runs only with {@code --full}). */
  boolean quick();

  /**
   * Measures now, on the calling thread.
   *
   * @throws RuntimeException if the measurement fails; the suite reports it and goes on
   */
  List<Measurement> measure();
}
