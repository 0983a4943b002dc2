package dev.optimizer.bench.report;

import dev.optimizer.bench.suite.GroupOutcome;
import dev.optimizer.bench.suite.SuiteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code report.md}: the target table (our figure, the peer's, the ratio, the target, met or
 * not), the charts, compression figures, the demo's table and every raw JMH result.
 */
public final class ReportWriter {
  private final StringBuilder md = new StringBuilder();

  /** What goes into a report. */
  public record Content(SuiteResult suite, List<TargetRow> rows, Map<String, String> charts,
      List<CompressionPoint> compression, String compressionSample, @Nullable String demo,
      String command) {}

  /** Writes the report for {@code content} to {@code file}. */
  public static void write(Content content, Path file) {
    ReportWriter w = new ReportWriter();
    w.render(content);
    try {
      Files.writeString(file, w.md, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Counts of rows by status, e.g. {@code 5 met, 2 missed, 1 info, 9 not run}. */
  public static String summary(List<TargetRow> rows) {
    long met = count(rows, TargetRow.Status.MET);
    long missed = count(rows, TargetRow.Status.MISSED);
    long invalid = count(rows, TargetRow.Status.INVALID);
    long needsFull = count(rows, TargetRow.Status.NEEDS_FULL);
    long info = count(rows, TargetRow.Status.INFO);
    long notRun = count(rows, TargetRow.Status.NOT_RUN);
    return met + " met, " + missed + " missed, " + (invalid > 0 ? invalid + " INVALID, " : "")
        + (needsFull > 0 ? needsFull + " need --full, " : "") + info
        + " for information, " + notRun + " not run";
  }

  /** The target table as a plain-text block for the console. */
  public static String consoleTable(List<TargetRow> rows) {
    StringBuilder sb = new StringBuilder();
    for (TargetRow r : rows) {
      if (r.status() == TargetRow.Status.NOT_RUN) {
        sb.append(String.format(Locale.ROOT, "  %-12s %-58s %s%n", status(r.status()), truncate(r.label(), 58),
            r.measured()));
      } else {
        sb.append(String.format(Locale.ROOT, "  %-12s %-58s %-20s target %s%n", status(r.status()),
            truncate(r.label(), 58), r.measured(), r.target().kind().describe(r.target().value())));
      }
    }
    return sb.toString();
  }

  private void render(Content c) {
    SuiteResult s = c.suite();
    line("# optimizer benchmark report");
    line("");
    line("- Date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
    line("- Command: `" + c.command() + "`");
    line("- Budget: " + s.budget() + String.format(Locale.ROOT, "; suite took %.0f s", s.seconds()));
    line("- Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " on "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    line("- Targets: " + summary(c.rows()));
    line("");
    line("Figures are JMH scores (average time per operation, or throughput) with the 99.9% error when "
        + "there are enough iterations. The *measured* column is in the target's own terms: a speed "
        + "ratio (ours over the peer, higher is better), a time ratio (ours over the peer, lower is "
        + "better), or nanoseconds added per call. Quick mode runs one short fork per benchmark: treat "
        + "ratios within about 10% of a target as a tie and confirm with `--full`.");
    line("");
    line("## Targets");
    line("");
    line("| group | what | ours | peer | our figure | peer figure | measured | target (issue) | status |");
    line("|---|---|---|---|---|---|---|---|---|");
    for (TargetRow r : c.rows()) {
      Target t = r.target();
      String what = t.title() + (r.variant().isEmpty() ? "" : " (" + r.variant() + ")")
          + " <br>`" + t.simpleClassName() + (t.method() != null ? "." + t.method() : "") + "`";
      String peerFigure = r.peer() == null ? "—" : r.peer().scoreText();
      if (r.peer() != null && t.bestOfPeers()) {
        // Say which of the peer values was the fastest.
        peerFigure += " (" + r.peer().params().values().stream().filter(t::matchesPeer).findFirst().orElse("?") + ")";
      }
      line("| " + t.group() + " | " + esc(what) + " | " + t.ours() + " | " + esc(t.peerLabel())
          + " | " + (r.ours() == null ? "—" : r.ours().scoreText())
          + " | " + peerFigure
          + " | " + (r.status() == TargetRow.Status.NOT_RUN ? "—" : r.measured())
          + " | " + t.kind().describe(t.value()) + " (" + t.issue() + ")"
          + " | " + (r.status() == TargetRow.Status.NOT_RUN ? esc(r.measured()) : status(r.status())) + " |");
    }
    line("");
    line("## Charts");
    line("");
    if (c.charts().isEmpty()) {
      line("No chart: nothing measured to draw.");
    }
    c.charts().forEach((title, fileOrReason) -> {
      if (fileOrReason.endsWith(".png")) {
        line("### " + title);
        line("");
        line("![" + title + "](" + fileOrReason + ")");
      } else {
        line("- " + title + ": " + fileOrReason);
      }
      line("");
    });
    if (!c.compression().isEmpty()) {
      line("## Compression by algorithm and level (" + c.compressionSample() + ")");
      line("");
      line("| algorithm | level | ratio | compress MB/s | decompress MB/s |");
      line("|---|---|---|---|---|");
      for (CompressionPoint p : c.compression()) {
        line(String.format(Locale.ROOT, "| %s | %s | %.2f | %.0f | %.0f |", p.algorithm(), p.level(),
            p.ratio(), p.compressMBps(), p.decompressMBps()));
      }
      line("");
    }
    if (c.demo() != null) {
      line("## Demo");
      line("");
      line("```");
      md.append(c.demo().stripTrailing()).append('\n');
      line("```");
      line("");
    }
    line("## Groups");
    line("");
    line("| group | status | results | seconds |");
    line("|---|---|---|---|");
    for (GroupOutcome g : s.groups()) {
      line("| " + g.group() + " | " + (g.status() == GroupOutcome.Status.RAN ? "ran" : esc(g.reason())) + " | "
          + g.results().size() + " | " + String.format(Locale.ROOT, "%.0f", g.seconds()) + " |");
    }
    line("");
    line("## All results");
    line("");
    line("Raw JMH JSON: `jmh-all.json` (and one `jmh-<group>.json` per group); JMH's logs in `logs/`.");
    line("");
    line("| benchmark | params | mode | threads | score |");
    line("|---|---|---|---|---|");
    TargetEvaluator.measurements(s).forEach(m -> line("| " + simple(m.className()) + "." + m.method()
        + " | " + m.paramText() + " | " + m.mode().shortLabel() + " | " + m.threads() + " | " + m.scoreText()
        + " |"));
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static String status(TargetRow.Status s) {
    return switch (s) {
      case MET -> "met";
      case MISSED -> "MISSED";
      case INVALID -> "INVALID";
      case NEEDS_FULL -> "needs --full";
      case INFO -> "info";
      case NOT_RUN -> "not run";
    };
  }

  private static long count(List<TargetRow> rows, TargetRow.Status s) {
    return rows.stream().filter(r -> r.status() == s).count();
  }

  private static String esc(String s) {
    return s.replace("|", "\\|");
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  private void line(String s) {
    md.append(s).append('\n');
  }
}
