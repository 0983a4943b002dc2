package dev.optimizer.bench.suite;

import java.util.Locale;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long each benchmark runs: forks, warmup and measurement iterations. One budget applies to every
 * class in a suite run (it overrides the classes' own {@code @Fork}, {@code @Warmup} and
 * {@code @Measurement}), so the whole suite's duration is decided here.
 *
 * @param name {@code quick} or {@code full}
 * @param forks JMH forks per benchmark and parameter combination, at least 1
 * @param warmupIterations warmup iterations per fork
 * @param warmupMillis length of one warmup iteration, milliseconds
 * @param measurementIterations measured iterations per fork
 * @param measurementMillis length of one measured iteration, milliseconds
 * @param restrictParams whether to run only the parameter values the target table and
 *     {@link QuickParams} ask for (quick) or every declared value (full)
 * @param suiteCapSeconds when positive, iteration times are shortened (never below
 *     {@link #MIN_ITERATION_MILLIS}) so the estimate fits this many seconds
 */
public record RunBudget(String name, int forks, int warmupIterations, long warmupMillis,
    int measurementIterations, long measurementMillis, boolean restrictParams, long suiteCapSeconds) {

  /** The shortest iteration {@link #fitTo} will make, so a measured iteration still holds many calls. */
  public static final long MIN_ITERATION_MILLIS = 300;

  /**
   * Seconds a fork costs beyond its iterations: JVM start, class loading, trial setup and teardown
   * (measured here: 0.45 s for a plain benchmark, 0.8 s for one that opens Redis connections or files).
   */
  public static final double FORK_OVERHEAD_SECONDS = 0.8;

  /** Validates the figures. */
  public RunBudget {
    if (forks < 1 || warmupIterations < 0 || measurementIterations < 1 || warmupMillis < 1
        || measurementMillis < 1) {
      throw new IllegalArgumentException("invalid budget " + name + ": forks " + forks + ", warmup "
          + warmupIterations + "x" + warmupMillis + "ms, measurement " + measurementIterations + "x"
          + measurementMillis + "ms");
    }
  }

  /**
   * The default, under five minutes with the demo on two cores: 1 fork, 1 x 1.5 s warmup, 2 x 1 s
   * measurement (both shortened alike when the suite would not fit), the parameters the report needs,
   * the suite capped at 170 s (the build, the demo and the report take the rest of the five minutes).
   */
  public static RunBudget quick() {
    return new RunBudget("quick", 1, 1, 1500, 2, 1000, true, 170);
  }

  /**
   * For publishing figures: 2 forks, 3 x 2 s warmup, 5 x 2 s measurement, every parameter value, no
   * cap. Takes tens of minutes to hours depending on the modules present.
   */
  public static RunBudget full() {
    return new RunBudget("full", 2, 3, 2000, 5, 2000, false, 0);
  }

  /** Estimated seconds for {@code runs} benchmark-and-parameter combinations. */
  public double estimateSeconds(long runs) {
    double perFork = FORK_OVERHEAD_SECONDS
        + (warmupIterations * warmupMillis + measurementIterations * measurementMillis) / 1000.0;
    return runs * forks * perFork;
  }

  /**
   * This budget with iteration times shortened so {@code runs} fit in {@link #suiteCapSeconds}; this
   * budget itself when there is no cap or it already fits. Iterations never go below
   * {@link #MIN_ITERATION_MILLIS}, so a very large suite may still exceed the cap.
   */
  public RunBudget fitTo(long runs) {
    if (suiteCapSeconds <= 0 || estimateSeconds(runs) <= suiteCapSeconds) {
      return this;
    }
    double available = suiteCapSeconds / (double) (runs * forks) - FORK_OVERHEAD_SECONDS;
    double nominal = (warmupIterations * warmupMillis + measurementIterations * measurementMillis) / 1000.0;
    // Warmup and measurement shrink by the same factor, so warmup keeps its share of each fork.
    double factor = Math.max(0, available / nominal);
    return new RunBudget(name, forks, warmupIterations, shortened(warmupMillis, factor), measurementIterations,
        shortened(measurementMillis, factor), restrictParams, suiteCapSeconds);
  }

  private static long shortened(long millis, double factor) {
    return Math.max(MIN_ITERATION_MILLIS, (long) Math.floor(millis * factor / 50.0) * 50);
  }

  /** JMH's form of the warmup iteration time. */
  public TimeValue warmupTime() {
    return TimeValue.milliseconds(warmupMillis);
  }

  /** JMH's form of the measured iteration time. */
  public TimeValue measurementTime() {
    return TimeValue.milliseconds(measurementMillis);
  }

  /** For people: {@code quick: 1 fork, 1x1000ms warmup, 2x1000ms measurement}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s: %d fork%s, %dx%dms warmup, %dx%dms measurement%s", name, forks,
        forks == 1 ? "" : "s", warmupIterations, warmupMillis, measurementIterations, measurementMillis,
        restrictParams ? ", selected params" : ", all params");
  }
}
