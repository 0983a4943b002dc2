package dev.optimizer.bench.report;

import dev.optimizer.bench.suite.BenchmarkCatalog;
import dev.optimizer.bench.suite.BenchmarkClass;
import dev.optimizer.bench.suite.FigureSource;
import dev.optimizer.bench.suite.GroupOutcome;
import dev.optimizer.bench.suite.QuickParams;
import dev.optimizer.bench.suite.SuiteResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Fills the target table from a suite run: every target gives at least one row, measured or saying
 * why not ("skipped: no Redis at ...", "not run: module not landed").
 */
public final class TargetEvaluator {
  private final BenchmarkCatalog catalog;
  private final List<FigureSource> sources;
  private final Function<String, Optional<GroupOutcome>> groups;
  private final List<Measurement> measurements;
  private final boolean quick;

  /**
   * Evaluates against {@code suite}'s JMH results and figures; {@code catalog} and {@code sources} tell
   * which classes exist.
   */
  public TargetEvaluator(BenchmarkCatalog catalog, List<FigureSource> sources, SuiteResult suite) {
    this(catalog, sources, suite::group, measurements(suite), suite.budget().restrictParams());
  }

  /**
   * Evaluates against {@code measurements}; {@code groups} gives each group's outcome (whether it ran,
   * and why not).
   */
  public TargetEvaluator(BenchmarkCatalog catalog, List<FigureSource> sources,
      Function<String, Optional<GroupOutcome>> groups, List<Measurement> measurements) {
    this(catalog, sources, groups, measurements, false);
  }

  /**
   * Evaluates against {@code measurements}; with {@code quick}, a miss of a class that needs a longer run
   * than quick mode gives reads "needs --full" instead of MISSED.
   */
  public TargetEvaluator(BenchmarkCatalog catalog, List<FigureSource> sources,
      Function<String, Optional<GroupOutcome>> groups, List<Measurement> measurements, boolean quick) {
    this.quick = quick;
    this.catalog = catalog;
    this.sources = List.copyOf(sources);
    this.groups = groups;
    this.measurements = List.copyOf(measurements);
  }

  /** The suite's JMH results as measurements, then its non-JMH figures. */
  public static List<Measurement> measurements(SuiteResult suite) {
    List<Measurement> all = new ArrayList<>(suite.results().stream().map(Measurement::of).toList());
    all.addAll(suite.figures());
    return all;
  }

  /** One or more rows per target, in table order. */
  public List<TargetRow> evaluate(List<Target> targets) {
    List<TargetRow> rows = new ArrayList<>();
    for (Target t : targets) {
      rows.addAll(evaluate(t));
    }
    return rows;
  }

  private List<TargetRow> evaluate(Target t) {
    Optional<BenchmarkClass> type = catalog.find(t.benchmarkClass());
    Optional<FigureSource> source = sources.stream().filter(f -> f.className().equals(t.benchmarkClass()))
        .findFirst();
    if (type.isEmpty() && source.isEmpty()) {
      return notRun(t, "not run: module not landed (no " + t.simpleClassName() + " in the jar)");
    }
    Optional<GroupOutcome> group = groups.apply(type.map(BenchmarkClass::group).orElseGet(() -> source.get().group()));
    if (group.isEmpty() || group.get().status() != GroupOutcome.Status.RAN) {
      return notRun(t, group.map(GroupOutcome::reason).orElse("not run: group not in this run"));
    }
    String skipped = group.get().notRun().get(t.benchmarkClass());
    if (skipped != null) {
      return notRun(t, skipped);
    }
    String param = t.param() != null ? t.param()
        : type.isPresent() ? QuickParams.comparedParam(type.get(), t) : "impl";
    if (param == null) {
      return notRun(t, "not run: no @Param of " + t.simpleClassName() + " declares " + t.ours()
          + (t.peer() != null ? " and " + t.peerLabel() : ""));
    }
    // Variants: the method plus every parameter the row neither compares nor pins.
    Map<String, @Nullable Measurement[]> byVariant = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      if (!m.className().equals(t.benchmarkClass()) || (t.method() != null && !t.method().equals(m.method()))
          || !pinned(t, m)) {
        continue;
      }
      String value = m.params().get(param);
      boolean isOurs = t.ours().equals(value);
      boolean isPeer = t.matchesPeer(value);
      if (!isOurs && !isPeer) {
        continue;
      }
      Measurement[] pair = byVariant.computeIfAbsent(variant(t, param, m, type.orElse(null)),
          k -> new Measurement[2]);
      if (isOurs) {
        pair[0] = m;
      } else if (pair[1] == null || m.cost() < pair[1].cost()) {
        pair[1] = m; // with several peer values, the fastest is the one to beat
      }
    }
    if (byVariant.isEmpty()) {
      String log = group.get().logs().get(t.benchmarkClass());
      return notRun(t, "no result: the benchmark failed or did not run" + (log != null ? " (see " + log + ")" : ""));
    }
    List<TargetRow> rows = new ArrayList<>();
    byVariant.forEach((variant, pair) -> rows.add(quickVerdict(row(t, param, variant, pair[0], pair[1]))));
    return rows;
  }

  private static TargetRow row(Target t, String param, String variant, @Nullable Measurement ours, @Nullable Measurement peer) {
    if (ours == null || (t.kind().needsPeer() && peer == null)) {
      String missing = ours == null ? t.ours() : t.peerLabel();
      return new TargetRow(t, variant, ours, peer, TargetRow.Status.NOT_RUN,
          "no result for " + missing + " (benchmark failed?)");
    }
    String beyond = beyondBound(t, param, ours);
    if (beyond == null && peer != null) {
      beyond = beyondBound(t, param, peer);
    }
    if (beyond != null) {
      return new TargetRow(t, variant, ours, peer, TargetRow.Status.INVALID, beyond);
    }
    double peerNs = peer != null ? peer.cost() : Double.NaN;
    double ourNs = ours.cost();
    TargetRow.Status status = t.kind() == TargetKind.INFO ? TargetRow.Status.INFO
        : t.kind().met(ourNs, peerNs, t.value()) ? TargetRow.Status.MET : TargetRow.Status.MISSED;
    return new TargetRow(t, variant, ours, peer, status, t.kind().measured(ourNs, peerNs));
  }

  private TargetRow quickVerdict(TargetRow r) {
    String why = quick && r.status() == TargetRow.Status.MISSED
        ? QuickParams.needsFullReason(r.target().benchmarkClass()) : null;
    if (quick && why == null && r.status() == TargetRow.Status.MISSED && withinError(r)) {
      // Quick mode's one short fork gives wide error bars on 2 busy cores: a miss the bars do not exclude
      // is no verdict either way.
      why = "inconclusive: the target lies within the quick run's error bars";
    }
    return why == null ? r : new TargetRow(r.target(), r.variant(), r.ours(), r.peer(), TargetRow.Status.NEEDS_FULL,
        r.measured() + " (" + why + ")");
  }

  /**
   * Whether the row's target would be met at the favourable ends of both error intervals (our cost at its
   * lowest, the peer's at its highest); false when an error is unknown (NaN).
   */
  static boolean withinError(TargetRow r) {
    Measurement ours = r.ours();
    Measurement peer = r.peer();
    if (ours == null || Double.isNaN(ours.error()) || (peer != null && Double.isNaN(peer.error()))) {
      return false;
    }
    double ourBest = Math.min(ours.withScore(ours.score() - ours.error()).cost(),
        ours.withScore(ours.score() + ours.error()).cost());
    double peerWorst = peer == null ? Double.NaN : Math.max(peer.withScore(peer.score() - peer.error()).cost(),
        peer.withScore(peer.score() + peer.error()).cost());
    return ourBest > 0 && (peer == null || peerWorst > 0)
        && r.target().kind().met(ourBest, peerWorst, r.target().value());
  }

  /** Why {@code m} is above its physical bound, or null when it has none or is within it. */
  static @Nullable String beyondBound(Target t, String param, Measurement m) {
    for (Map.Entry<String, Double> b : t.bounds().entrySet()) {
      if (!b.getKey().equals(m.params().get(param)) || !m.isTimeOrThroughput()) {
        continue;
      }
      double opsPerSecond = m.threads() * 1e9 / m.nanosPerOp();
      if (opsPerSecond > b.getValue()) {
        return String.format(Locale.ROOT, "INVALID: %s %,.0f ops/s is above its physical bound %,.0f ops/s",
            b.getKey(), opsPerSecond, b.getValue());
      }
    }
    return null;
  }

  private static boolean pinned(Target t, Measurement m) {
    for (Map.Entry<String, String> f : t.fixed().entrySet()) {
      if (!f.getValue().equals(m.params().get(f.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static String variant(Target t, String param, Measurement m, @Nullable BenchmarkClass type) {
    StringBuilder sb = new StringBuilder();
    if (t.method() == null && type != null && type.methods().size() > 1) {
      sb.append(m.method());
    }
    m.params().forEach((k, v) -> {
      // A parameter with one declared value tells nothing apart: leave it out of the variant.
      boolean single = type != null && type.params().getOrDefault(k, List.of()).size() == 1;
      if (!k.equals(param) && !t.fixed().containsKey(k) && !single) {
        sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v);
      }
    });
    return sb.toString();
  }

  private static List<TargetRow> notRun(Target t, String why) {
    return List.of(new TargetRow(t, "", null, null, TargetRow.Status.NOT_RUN, why));
  }
}
