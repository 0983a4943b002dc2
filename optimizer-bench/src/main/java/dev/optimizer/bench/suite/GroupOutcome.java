package dev.optimizer.bench.suite;

import java.util.List;
import java.util.Map;
import dev.optimizer.bench.report.Measurement;
import org.openjdk.jmh.results.RunResult;

/**
 * What happened to one group in a suite run.
 *
 * @param group the group's name
 * @param status ran, skipped or not selected
 * @param reason why it did not run (e.g. {@code skipped: no Redis at redis://127.0.0.1:6379}); empty when
 *     it ran
 * @param results JMH's results for every class of the group that produced any
 * @param figures measurements of the group's non-JMH figure sources (simulations, reports)
 * @param logs per class name, the JMH log file (relative to the results folder)
 * @param notRun per class name, why a class of a group that ran was left out (e.g. quick mode)
 * @param seconds wall-clock seconds the group took
 */
public record GroupOutcome(String group, Status status, String reason, List<RunResult> results,
    List<Measurement> figures, Map<String, String> logs, Map<String, String> notRun, double seconds) {

  /** Whether the group ran. */
  public enum Status {
    /** Its benchmarks ran (some may still have failed: see their logs). */
    RAN,
    /** A precondition was missing, e.g. no Redis. */
    SKIPPED,
    /** Left out by {@code --groups}. */
    NOT_SELECTED
  }

  /** Copies the collections. */
  public GroupOutcome {
    results = List.copyOf(results);
    figures = List.copyOf(figures);
    logs = Map.copyOf(logs);
    notRun = Map.copyOf(notRun);
  }

  /** An outcome of a group that did not run, for {@code reason}. */
  public static GroupOutcome notRun(String group, Status status, String reason) {
    return new GroupOutcome(group, status, reason, List.of(), List.of(), Map.of(), Map.of(), 0);
  }
}
