package dev.optimizer.bench.demo;

import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs each part of the demo service plainly, then through one {@link Optimizer} built with embedded
 * defaults (L1 in memory plus an L3 file store in a temporary directory, no Redis), and prints a
 * side-by-side table (backend calls, time, bytes stored, heap retained where a part measures it) and the optimizer's {@code stats()}. A part whose
 * module has not landed prints "not available yet"; the demo itself never fails the command: an error in
 * a part is printed in its row.
 */
public final class Demo {
  private final PrintStream out;

  /** A demo printing to {@code out}. */
  public Demo(PrintStream out) {
    this.out = out;
  }

  /** The parts, in the order they are shown. */
  static List<DemoPart> parts() {
    return List.of(new ProductPart(), new PricePart(), new DocumentPart(), new SettingsPart());
  }

  /** Runs the demo; returns what it printed (for the report). */
  public String run() {
    Path dir;
    try {
      dir = Files.createTempDirectory("optimizer-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo's temp directory", e);
    }
    StringBuilder text = new StringBuilder();
    try {
      List<String[]> rows = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      String stats;
      try (Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.ofDefaults()).build()) {
        for (DemoPart part : parts()) {
          rows.add(runPart(part, optimizer, dir, notes));
        }
        // One sample and tuning pass now, so stats() reflects the demo rather than start-up.
        optimizer.optimizeNow();
        stats = optimizer.stats().toString();
      }
      text.append(table(rows));
      for (String note : notes) {
        text.append("  ").append(note).append('\n');
      }
      text.append('\n').append("Optimizer stats():\n").append(stats.stripTrailing())
          .append('\n');
    } catch (RuntimeException e) {
      text.append("demo failed: ").append(e).append('\n');
    } finally {
      deleteQuietly(dir);
    }
    out.print(text);
    out.flush();
    return text.toString();
  }

  private static String[] runPart(DemoPart part, Optimizer optimizer, Path dir, List<String> notes) {
    String plain;
    String optimized;
    try {
      plain = cells(part.plain(new Backend()));
    } catch (Exception e) {
      plain = "failed: " + e;
    }
    try {
      Optional<PartResult> r = part.optimized(new Backend(), optimizer, dir);
      optimized = r.isPresent() ? cells(r.get()) : part.unavailableReason();
      r.map(PartResult::note).filter(n -> !n.isEmpty()).ifPresent(notes::add);
    } catch (Exception e) {
      optimized = "failed: " + e;
    }
    return new String[] {part.name(), plain, optimized};
  }

  private static String cells(PartResult r) {
    return String.format(Locale.ROOT, "%6d %9s %10s %10s", r.backendCalls(),
        String.format(Locale.ROOT, "%,.0f ms", r.millis()), r.bytesStored() < 0 ? "-" : bytes(r.bytesStored()),
        r.heapRetained() < 0 ? "-" : bytes(r.heapRetained()));
  }

  private static String table(List<String[]> rows) {
    int w = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
    String head = "%-" + w + "s | %-38s | %s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, head, "demo part", "plain", "through the optimizer"));
    sb.append(String.format(Locale.ROOT, head, "", " calls      time     stored       heap",
        " calls      time     stored       heap"));
    sb.append("-".repeat(w + 84)).append('\n');
    for (String[] r : rows) {
      sb.append(String.format(Locale.ROOT, head, r[0], r[1], r[2]));
    }
    return sb.toString();
  }

  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp directory left behind is harmless; the OS cleans it.
    }
  }
}
