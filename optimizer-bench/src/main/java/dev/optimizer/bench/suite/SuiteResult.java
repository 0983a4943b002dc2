package dev.optimizer.bench.suite;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.results.RunResult;

/**
 * Everything a suite run produced.
 *
 * @param budget the budget the benchmarks actually ran with (after fitting to the cap)
 * @param groups one outcome per group, in running order
 * @param outputDir the results folder
 * @param seconds wall-clock seconds of the whole suite
 */
public record SuiteResult(RunBudget budget, List<GroupOutcome> groups, Path outputDir, double seconds) {
  /** Copies the list. */
  public SuiteResult {
    groups = List.copyOf(groups);
  }

  /** The outcome of {@code group}, if the catalog had that group. */
  public Optional<GroupOutcome> group(String group) {
    return groups.stream().filter(g -> g.group().equals(group)).findFirst();
  }

  /** Every non-JMH figure of the run. */
  public List<dev.optimizer.bench.report.Measurement> figures() {
    return groups.stream().flatMap(g -> g.figures().stream()).toList();
  }

  /** Every JMH result of the run. */
  public List<RunResult> results() {
    return groups.stream().flatMap(g -> g.results().stream()).toList();
  }
}
