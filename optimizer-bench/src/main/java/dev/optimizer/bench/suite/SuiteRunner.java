package dev.optimizer.bench.suite;

import dev.optimizer.bench.report.Measurement;
import dev.optimizer.bench.report.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the suite: each group in order, each class of a group in its own JMH run (so quick mode can pick
 * that class's parameter values), with a progress line per group and per class on {@code console}.
 * JMH's own output goes to a log file per class; results go to {@code jmh-<group>.json} and
 * {@code jmh-all.json}. A benchmark that fails is logged and left out of the results; the suite goes on.
 */
public final class SuiteRunner {
  /** A group that needs Redis and is skipped when none answers. */
  public static final String REDIS_GROUP = "redis";

  /** Groups that run only when named in {@code --groups}: diagnostics, not comparisons. */
  public static final Set<String> OPT_IN_GROUPS = Set.of("diagnostics");

  /** How long the suite waits in all for other JMH processes to release JMH's lock. */
  static final long LOCK_WAIT_SECONDS = 60;

  /** slf4j-simple's level property, passed on to the benchmark JVMs so their logs stay quiet too. */
  public static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  private final BenchmarkCatalog catalog;
  private final List<Target> targets;
  private final List<FigureSource> sources;
  private final PrintStream console;
  private long lockWaitLeftMillis = LOCK_WAIT_SECONDS * 1000;

  /**
   * @param catalog the classes to run
   * @param targets the target table, used to select quick-mode parameter values
   * @param console where progress lines go
   */
  public SuiteRunner(BenchmarkCatalog catalog, List<Target> targets, PrintStream console) {
    this(catalog, targets, FigureSources.all(), console);
  }

  /** Like the other constructor, with explicit non-JMH figure sources. */
  public SuiteRunner(BenchmarkCatalog catalog, List<Target> targets, List<FigureSource> sources,
      PrintStream console) {
    this.catalog = catalog;
    this.targets = List.copyOf(targets);
    this.sources = List.copyOf(sources);
    this.console = console;
  }

  /** What a run will do: per class, the parameter values and the number of JMH runs. */
  public record Plan(RunBudget budget, Map<BenchmarkClass, Map<String, List<String>>> params, long runs,
      double figureSeconds, double extraWarmupSeconds) {
    /** Estimated seconds with {@link #budget}, figure sources and longer quick warm-ups included. */
    public double estimateSeconds() {
      return budget.estimateSeconds(runs) + figureSeconds + extraWarmupSeconds;
    }
  }

  /** Seconds the longer quick-mode warm-ups ({@link QuickParams#warmupMillis}) of {@code c} take. */
  private static double extraWarmupSeconds(RunBudget budget, BenchmarkClass c, Map<String, List<String>> p) {
    long need = budget.restrictParams() ? QuickParams.warmupMillis(c.className()) : 0;
    return need <= 0 ? 0 : c.runs(p) * budget.forks() * need / 1000.0;
  }

  /**
   * Plans a run of {@code groups} (all when empty) with {@code budget}, fitting iteration times to the
   * budget's cap.
   */
  public Plan plan(RunBudget budget, Set<String> groups, boolean redisAvailable) {
    Map<BenchmarkClass, Map<String, List<String>>> params = new LinkedHashMap<>();
    long runs = 0;
    double figureSeconds = 0;
    double extraWarmup = 0;
    for (String group : catalog.groups()) {
      if (!selected(group, groups) || (REDIS_GROUP.equals(group) && !redisAvailable)) {
        continue;
      }
      for (BenchmarkClass c : catalog.classes(group)) {
        if ((budget.restrictParams() && QuickParams.skipReason(c.className()) != null) || hasSource(c)) {
          continue;
        }
        Map<String, List<String>> p = budget.restrictParams() ? QuickParams.select(c, targets) : Map.of();
        params.put(c, p);
        runs += c.runs(p);
        extraWarmup += extraWarmupSeconds(budget, c, p);
      }
      for (FigureSource f : sources) {
        if (f.group().equals(group) && (f.quick() || !budget.restrictParams())) {
          figureSeconds += f.estimatedSeconds();
        }
      }
    }
    // The longer warm-ups come out of the cap first, so the whole suite still fits it.
    double fixedSeconds = figureSeconds + extraWarmup;
    RunBudget fitted = budget.suiteCapSeconds() > 0 && fixedSeconds < budget.suiteCapSeconds()
        ? new RunBudget(budget.name(), budget.forks(), budget.warmupIterations(), budget.warmupMillis(),
            budget.measurementIterations(), budget.measurementMillis(), budget.restrictParams(),
            budget.suiteCapSeconds() - (long) Math.ceil(fixedSeconds)).fitTo(runs)
        : budget.fitTo(runs);
    return new Plan(fitted, params, runs, figureSeconds, extraWarmup);
  }

  /**
   * Runs the plan's classes, group by group, into {@code outputDir}.
   *
   * @param redisUrl reported in the skip reason of the Redis group when {@code redisAvailable} is false
   */
  public SuiteResult run(Plan plan, Set<String> groups, boolean redisAvailable, String redisUrl,
      Path outputDir) {
    long start = System.nanoTime();
    JmhLock.awaitOrOverride(LOCK_WAIT_SECONDS, console);
    List<GroupOutcome> outcomes = new ArrayList<>();
    List<String> order = catalog.groups();
    List<String> toRun = order.stream().filter(g -> selected(g, groups)
        && !(REDIS_GROUP.equals(g) && !redisAvailable)).toList();
    int index = 0;
    for (String group : order) {
      if (!selected(group, groups)) {
        outcomes.add(GroupOutcome.notRun(group, GroupOutcome.Status.NOT_SELECTED, OPT_IN_GROUPS.contains(group)
            ? "not run: opt-in group (--groups " + group + ")" : "not run: group not selected (--groups)"));
        continue;
      }
      if (REDIS_GROUP.equals(group) && !redisAvailable) {
        String reason = "skipped: no Redis at " + redisUrl;
        console.println("group " + group + ": " + reason + " (set REDIS_URL to run it)");
        outcomes.add(GroupOutcome.notRun(group, GroupOutcome.Status.SKIPPED, reason));
        continue;
      }
      index++;
      outcomes.add(runGroup(plan, group, index, toRun.size(), outputDir));
    }
    writeJson(outputDir.resolve("jmh-all.json"),
        outcomes.stream().flatMap(o -> o.results().stream()).toList());
    return new SuiteResult(plan.budget(), outcomes, outputDir, (System.nanoTime() - start) / 1e9);
  }

  private GroupOutcome runGroup(Plan plan, String group, int index, int groupCount, Path outputDir) {
    long start = System.nanoTime();
    List<BenchmarkClass> classes = catalog.classes(group).stream().filter(plan.params()::containsKey).toList();
    boolean quick = plan.budget().restrictParams();
    List<FigureSource> figureSources = sources.stream()
        .filter(f -> f.group().equals(group) && (f.quick() || !quick)).toList();
    Map<String, String> notRun = new LinkedHashMap<>();
    for (BenchmarkClass c : catalog.classes(group)) {
      if (!plan.params().containsKey(c) && !hasSource(c)) {
        String why = QuickParams.skipReason(c.className());
        notRun.put(c.className(), why != null ? why : "not run: left out of this plan");
      }
    }
    sources.stream().filter(f -> f.group().equals(group) && !figureSources.contains(f))
        .forEach(f -> notRun.put(f.className(), "not run in quick mode: takes ~"
            + Math.round(f.estimatedSeconds()) + " s (run --full)"));
    long runs = classes.stream().mapToLong(c -> c.runs(plan.params().get(c))).sum();
    int methods = classes.stream().mapToInt(c -> c.methods().size()).sum();
    double seconds = plan.budget().estimateSeconds(runs)
        + figureSources.stream().mapToDouble(FigureSource::estimatedSeconds).sum()
        + classes.stream().mapToDouble(c -> extraWarmupSeconds(plan.budget(), c, plan.params().get(c))).sum();
    console.printf(Locale.ROOT, "group %d/%d %s: %d benchmark%s in %d class%s, %d run%s%s, ~%.0f s…%n", index,
        groupCount, group, methods, methods == 1 ? "" : "s", classes.size(), classes.size() == 1 ? "" : "es",
        runs, runs == 1 ? "" : "s", figureSources.isEmpty() ? "" : " + " + figureSources.size() + " report"
            + (figureSources.size() == 1 ? "" : "s"), seconds);
    notRun.forEach((c, why) -> console.println("  " + c.substring(c.lastIndexOf('.') + 1) + ": " + why));
    List<RunResult> results = new ArrayList<>();
    Map<String, String> logs = new LinkedHashMap<>();
    for (BenchmarkClass c : classes) {
      Map<String, List<String>> params = plan.params().get(c);
      String log = "logs/" + c.simpleName() + ".log";
      logs.put(c.className(), log);
      console.printf(Locale.ROOT, "  %s: %d run%s%s%n", c.simpleName(), c.runs(params),
          c.runs(params) == 1 ? "" : "s", params.isEmpty() ? "" : " " + params);
      Collection<RunResult> got = runClass(c, params, plan.budget(), outputDir.resolve(log));
      if (got.size() < c.runs(params)) {
        console.printf(Locale.ROOT, "    %d of %d runs gave no result: see %s%n", c.runs(params) - got.size(),
            c.runs(params), outputDir.resolve(log));
      }
      results.addAll(got);
    }
    List<Measurement> figures = new ArrayList<>();
    for (FigureSource f : figureSources) {
      String name = f.className().substring(f.className().lastIndexOf('.') + 1);
      console.printf(Locale.ROOT, "  %s: report, ~%.0f s%n", name, f.estimatedSeconds());
      try {
        figures.addAll(f.measure());
      } catch (RuntimeException e) {
        console.println("    " + name + " failed: " + e);
        notRun.put(f.className(), "no result: " + name + " failed: " + e);
      }
    }
    writeJson(outputDir.resolve("jmh-" + group + ".json"), results);
    return new GroupOutcome(group, GroupOutcome.Status.RAN, "", results, figures, logs, notRun,
        (System.nanoTime() - start) / 1e9);
  }

  private Collection<RunResult> runClass(BenchmarkClass c, Map<String, List<String>> params,
      RunBudget budget, Path log) {
    try {
      Files.createDirectories(log.getParent());
      long need = budget.restrictParams() ? QuickParams.warmupMillis(c.className()) : 0;
      int warmupIterations = need > 0 ? Math.max(1, budget.warmupIterations()) : budget.warmupIterations();
      TimeValue warmupTime = need > 0 ? TimeValue.milliseconds(Math.max(budget.warmupMillis(),
          (need + warmupIterations - 1) / warmupIterations)) : budget.warmupTime();
      ChainedOptionsBuilder options = new OptionsBuilder()
          .include("^" + Pattern.quote(c.className()) + "\\.")
          .forks(budget.forks())
          .warmupIterations(warmupIterations)
          .warmupTime(warmupTime)
          .measurementIterations(budget.measurementIterations())
          .measurementTime(budget.measurementTime())
          // A hung benchmark must not eat the suite: an iteration gets at most this long.
          .timeout(TimeValue.seconds(budget.suiteCapSeconds() > 0 ? 30 : 600))
          .shouldFailOnError(false)
          .jvmArgsAppend("-D" + LOG_LEVEL_PROPERTY + "=" + System.getProperty(LOG_LEVEL_PROPERTY, "warn"))
          .output(log.toString());
      params.forEach((name, values) -> options.param(name, values.toArray(new String[0])));
      return runHoldingLock(new Runner(options.build()), c);
    } catch (RunnerException | RuntimeException e) {
      console.println("    " + c.simpleName() + " failed to run: " + e + " (see " + log + ")");
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a figure source stands for the class (its JMH time is not the figure: it is not run). */
  private boolean hasSource(BenchmarkClass c) {
    return sources.stream().anyMatch(f -> f.className().equals(c.className()));
  }

  /**
   * Runs, waiting for JMH's machine-wide lock while another JMH process holds it. The whole suite waits
   * at most {@link #LOCK_WAIT_SECONDS} in all; after that a class that cannot get the lock fails with
   * JMH's message (JMH reads its {@code jmh.ignoreLock} override only at start-up).
   */
  private Collection<RunResult> runHoldingLock(Runner runner, BenchmarkClass c) throws RunnerException {
    boolean warned = false;
    while (true) {
      try {
        return runner.run();
      } catch (RunnerException e) {
        if (!String.valueOf(e.getMessage()).contains("JMH lock") || lockWaitLeftMillis <= 0) {
          throw e;
        }
        if (!warned) {
          console.println("    another JMH process is running; waiting for it (up to "
              + lockWaitLeftMillis / 1000 + " s more) before " + c.simpleName());
          warned = true;
        }
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        lockWaitLeftMillis -= 1_000;
      }
    }
  }

  private static boolean selected(String group, Set<String> groups) {
    return groups.isEmpty() ? !OPT_IN_GROUPS.contains(group) : groups.contains(group);
  }

  private static void writeJson(Path file, List<RunResult> results) {
    try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, "UTF-8")) {
      ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
