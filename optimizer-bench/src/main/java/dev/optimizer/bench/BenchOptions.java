package dev.optimizer.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link BenchMain}, parsed.
 *
 * @param full run the publishing configuration instead of the quick one
 * @param demo run the demo before the suite
 * @param suite run the suite
 * @param groups groups to run; empty for all
 * @param outputDir the results folder, or null for {@code bench-results/<timestamp>}
 * @param jmhArgs when not null, hand these to JMH's own command line and do nothing else
 * @param list list the benchmark classes by group and exit
 * @param help print usage and exit
 * @param dashboard with {@code --demo-only}: keep the demo service running with its dashboard open
 */
public record BenchOptions(boolean full, boolean demo, boolean suite, Set<String> groups,
    @Nullable Path outputDir, @Nullable List<String> jmhArgs, boolean list, boolean help, boolean dashboard) {

  /** Usage text. */
  public static final String USAGE = """
      usage: java -jar optimizer-bench.jar [options]
        (no option)        demo, then the quick suite (about 4 minutes on 2 cores), report in bench-results/<time>/
        --full             the publishing configuration: 2 forks, 3x2s warmup, 5x2s measurement, all params
        --out DIR          write results to DIR (default bench-results/<yyyyMMdd-HHmmss>; env BENCH_OUT too)
        --groups a,b       run only these groups (core, compress, cache, redis, batch, lazy)
        --no-demo          skip the demo
        --demo-only        run only the demo
        --dashboard        with --demo-only: then keep the demo service running with its dashboard open (prints the URL)
        --list             list benchmark classes by group
        --jmh ARGS...      pass every following argument to JMH's own command line (org.openjdk.jmh.Main)
        --help             this text
      Redis groups run when REDIS_URL (default redis://127.0.0.1:6379) answers.
      """;

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException for an unknown option or a missing value, naming it
   */
  public static BenchOptions parse(String... args) {
    boolean full = false;
    boolean demo = true;
    boolean suite = true;
    boolean list = false;
    boolean help = false;
    boolean dashboard = false;
    Set<String> groups = new LinkedHashSet<>();
    Path out = null;
    String env = System.getenv("BENCH_OUT");
    if (env != null && !env.isBlank()) {
      out = Path.of(env);
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--full" -> full = true;
        case "--no-demo" -> demo = false;
        case "--demo-only" -> suite = false;
        case "--list" -> list = true;
        case "--dashboard" -> dashboard = true;
        case "--help", "-h" -> help = true;
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--groups" -> {
          for (String g : value(args, ++i, a).split(",")) {
            if (!g.isBlank()) {
              groups.add(g.trim());
            }
          }
        }
        case "--jmh" -> {
          return new BenchOptions(false, false, false, Set.of(), null,
              new ArrayList<>(Arrays.asList(args).subList(i + 1, args.length)), false, false, false);
        }
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (dashboard && suite) {
      throw new IllegalArgumentException("--dashboard goes with --demo-only\n" + USAGE);
    }
    return new BenchOptions(full, demo, suite, Set.copyOf(groups), out, null, list, help, dashboard);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }
}
