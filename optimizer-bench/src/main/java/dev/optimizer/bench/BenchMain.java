package dev.optimizer.bench;

import dev.optimizer.bench.demo.Demo;
import dev.optimizer.bench.report.ChartRenderer;
import dev.optimizer.bench.report.CompressionPoint;
import dev.optimizer.bench.report.ReportWriter;
import dev.optimizer.bench.report.Target;
import dev.optimizer.bench.report.TargetEvaluator;
import dev.optimizer.bench.report.TargetRow;
import dev.optimizer.bench.report.TargetTable;
import dev.optimizer.bench.suite.BenchmarkCatalog;
import dev.optimizer.bench.suite.BenchmarkClass;
import dev.optimizer.bench.suite.FigureSources;
import dev.optimizer.bench.suite.RedisProbe;
import dev.optimizer.bench.suite.RunBudget;
import dev.optimizer.bench.suite.SuiteResult;
import dev.optimizer.bench.suite.SuiteRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The suite's command line: by default the demo, then the quick JMH suite, then {@code report.md} and
 * PNG charts in a results folder it prints. {@code --full} runs the publishing configuration;
 * {@code --jmh ARGS} hands the arguments to JMH's own command line. See {@link BenchOptions#USAGE}.
 *
 * <p>Exits 0 when the report was written, whatever the benchmarks found (a missed target is a finding,
 * not a failure); 2 for a bad command line; 1 if the report could not be written.
 */
public final class BenchMain {
  /** Rough seconds the demo takes, for the up-front estimate. */
  private static final double DEMO_SECONDS = 10;
  /** Rough seconds the compression profile and charts take. */
  private static final double REPORT_SECONDS = 15;

  private BenchMain() {}

  /** Runs the command line; see the class comment for exit codes. */
  public static void main(String[] args) throws Exception {
    // XChart renders through AWT; there is no display on a build machine.
    System.setProperty("java.awt.headless", "true");
    // The modules log their lifecycle at INFO; in a console tool that drowns the progress lines.
    if (System.getProperty(SuiteRunner.LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(SuiteRunner.LOG_LEVEL_PROPERTY, "warn");
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    if (options.jmhArgs() != null) {
      org.openjdk.jmh.Main.main(options.jmhArgs().toArray(new String[0]));
      return;
    }
    int code;
    try {
      code = run(options, System.out);
    } catch (Exception e) {
      System.err.println("bench failed: " + e);
      e.printStackTrace();
      code = 1;
    }
    System.out.flush();
    // Demo and module threads are daemons, but a library bug must not keep the command hanging.
    System.exit(code);
  }

  static int run(BenchOptions options, PrintStream console) throws IOException, InterruptedException {
    long start = System.nanoTime();
    BenchmarkCatalog catalog = BenchmarkCatalog.load();
    List<Target> targets = TargetTable.all();
    if (options.list()) {
      for (String g : catalog.groups()) {
        console.println(g + ":");
        for (BenchmarkClass c : catalog.classes(g)) {
          console.println("  " + c.className() + " " + c.methods() + " " + c.params());
        }
      }
      return 0;
    }
    if (!options.suite()) {
      console.println("== demo: the same service plainly and through the optimizer");
      new Demo(console).run();
      if (options.dashboard()) {
        new dev.optimizer.bench.demo.DashboardDemo(console).run();
      }
      return 0;
    }
    Path out = Files.createDirectories(options.outputDir() != null ? options.outputDir()
        : Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
        .toAbsolutePath().normalize();
    console.println("results folder: " + out);

    String redisUrl = RedisProbe.configuredUrl();
    boolean redis = RedisProbe.answers(redisUrl, 500);
    SuiteRunner runner = new SuiteRunner(catalog, targets, console);
    RunBudget budget = options.full() ? RunBudget.full() : RunBudget.quick();
    SuiteRunner.Plan plan = runner.plan(budget, options.groups(), redis);
    console.printf(Locale.ROOT, "plan: %s; %d runs in %d classes; Redis at %s: %s%n", plan.budget(), plan.runs(),
        plan.params().size(), redisUrl, redis ? "answers" : "no answer, Redis groups skipped");
    console.printf(Locale.ROOT, "estimate: ~%.0f s (%s%.0f s suite, %.0f s report)%n",
        plan.estimateSeconds() + REPORT_SECONDS + (options.demo() ? DEMO_SECONDS : 0),
        options.demo() ? String.format(Locale.ROOT, "~%.0f s demo + ", DEMO_SECONDS) : "", plan.estimateSeconds(),
        REPORT_SECONDS);

    String demoText = null;
    if (options.demo()) {
      console.println();
      console.println("== demo: the same service plainly and through the optimizer");
      long demoStart = System.nanoTime();
      demoText = new Demo(console).run();
      console.printf(Locale.ROOT, "(demo took %.0f s)%n%n", (System.nanoTime() - demoStart) / 1e9);
    }
    console.println("== suite (" + plan.budget().name() + ")");
    SuiteResult suite = runner.run(plan, options.groups(), redis, redisUrl, out);
    console.printf(Locale.ROOT, "(suite took %.0f s)%n", suite.seconds());
    List<TargetRow> rows = new TargetEvaluator(catalog, FigureSources.all(), suite).evaluate(targets);

    Map<String, String> charts = new LinkedHashMap<>();
    charts.put("Speed ratio vs target", ChartRenderer.ratios(rows, out.resolve("ratios.png")) ? "ratios.png"
        : "not drawn: no measured row with a peer and a target");
    console.println("compression profile (engine.benchmark on " + CompressionProfile.SAMPLE_BYTES / 1024 + " KiB)…");
    CompressionProfile profile = CompressionProfile.measure();
    charts.put("Compression speed vs ratio", ChartRenderer.compression(profile.points(), profile.sample(),
        out.resolve("compression.png")) ? "compression.png" : "not drawn: " + profile.unavailableReason());

    String command = options.full() ? "java -jar optimizer-bench.jar --full" : "java -jar optimizer-bench.jar";
    ReportWriter.write(new ReportWriter.Content(suite, rows, charts, profile.points(), profile.sample(), demoText,
        command), out.resolve("report.md"));

    console.println();
    console.println("== targets: " + ReportWriter.summary(rows));
    console.print(ReportWriter.consoleTable(rows));
    console.println();
    console.printf(Locale.ROOT, "done in %.0f s. report: %s%n", (System.nanoTime() - start) / 1e9,
        out.resolve("report.md"));
    charts.values().stream().filter(v -> v.endsWith(".png")).forEach(v -> console.println("chart: " + out.resolve(v)));
    return 0;
  }
}
