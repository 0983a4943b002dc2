package dev.optimizer.examples.service;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The reference load test's rows, Markdown table, target ratios and PNG chart. */
final class LoadReport {
  /** A rate is "sustained" when under 1 % of its requests fail and 95 % of the offered rate is answered. */
  static final double SUSTAIN_ERRORS = 0.01;
  static final double SUSTAIN_THROUGHPUT = 0.95;

  private LoadReport() {}

  /** One side at one arrival rate. */
  record Row(String side, double offered, double throughput, long sent, long errors, double p50, double p95,
      double p99, double queriesPerRequest, double redisPerRequest, long heapMb, Map<String, Double> p95ByEndpoint,
      double sendLagP99) {
    boolean sustained() {
      return errors <= SUSTAIN_ERRORS * sent && throughput >= SUSTAIN_THROUGHPUT * offered;
    }
  }

  /** What one side measured apart from the rate ladder. */
  record SideFacts(String side, double batchQueriesCold, double batchQueriesWarm, double stalenessP50,
      double stalenessP99, int stalenessMissed, int stalenessSamples) {}

  static String markdown(List<Row> rows, SideFacts off, SideFacts on, String load, String setup) {
    StringBuilder b = new StringBuilder();
    b.append(setup).append("\n\nMachine load during the run (`uptime`): ").append(load).append("\n\n");
    b.append("| optimizer | offered req/s | throughput req/s | errors | p50 ms | p95 ms | p99 ms | PG queries/req "
        + "| Redis cmds/req | max heap MB | sustained | send lag p99 ms |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %d | %.1f | %.1f | %.1f | %.2f | %.2f | %d | %s | %.2f |%n",
          r.side(), r.offered(), r.throughput(), r.errors(), r.p50(), r.p95(), r.p99(), r.queriesPerRequest(),
          r.redisPerRequest(), r.heapMb(), r.sustained() ? "yes" : "no", r.sendLagP99()));
    }
    b.append(byEndpoint(rows));
    b.append("\n| optimizer | PG queries per /api/batches (first visit) | (cached pages) | staleness p50 ms "
        + "| staleness p99 ms | samples not seen |\n|---|---:|---:|---:|---:|---:|\n");
    for (SideFacts f : List.of(off, on)) {
      b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %d of %d |%n", f.side(),
          f.batchQueriesCold(), f.batchQueriesWarm(), f.stalenessP50(), f.stalenessP99(), f.stalenessMissed(),
          f.stalenessSamples()));
    }
    b.append("\n").append(targets(rows, off, on));
    return b.toString();
  }

  /** p95 of each endpoint per side and rate: which requests make up the tail. */
  static String byEndpoint(List<Row> rows) {
    Set<String> endpoints = new TreeSet<>();
    rows.forEach(r -> endpoints.addAll(r.p95ByEndpoint().keySet()));
    if (endpoints.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\np95 ms by endpoint:\n\n| optimizer | offered req/s |");
    endpoints.forEach(e -> b.append(' ').append(e).append(" |"));
    b.append("\n|---|---:|").append("---:|".repeat(endpoints.size())).append('\n');
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %s | %.0f |", r.side(), r.offered()));
      for (String e : endpoints) {
        Double v = r.p95ByEndpoint().get(e);
        b.append(v == null ? " - |" : String.format(Locale.ROOT, " %.1f |", v));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** The four targets, each with the ratio or value this run measured. */
  static String targets(List<Row> rows, SideFacts off, SideFacts on) {
    StringBuilder b = new StringBuilder("| target | measured | met |\n|---|---|---|\n");
    double qRatio = off.batchQueriesWarm() / Math.max(on.batchQueriesWarm(), 1e-9);
    double qRatioCold = off.batchQueriesCold() / Math.max(on.batchQueriesCold(), 1e-9);
    b.append(String.format(Locale.ROOT, "| >= 20x fewer PG queries per /api/batches | %.0f vs %.1f (cached) = %.0fx; "
        + "first visit %.0f vs %.1f = %.0fx | %s |%n", off.batchQueriesWarm(), on.batchQueriesWarm(),
        Math.min(qRatio, 1e6), off.batchQueriesCold(), on.batchQueriesCold(), qRatioCold, qRatio >= 20 ? "yes" : "no"));
    StringBuilder p95 = new StringBuilder();
    double worst = Double.MAX_VALUE;
    for (Row o : rows) {
      if (!o.side().equals("off") || !o.sustained()) {
        continue;
      }
      Row n = rows.stream().filter(r -> r.side().equals("on") && r.offered() == o.offered()).findFirst().orElse(null);
      if (n == null) {
        continue;
      }
      double ratio = o.p95() / Math.max(n.p95(), 1e-3);
      worst = Math.min(worst, ratio);
      p95.append(String.format(Locale.ROOT, "%.0f/s: %.1f vs %.1f ms = %.1fx; ", o.offered(), o.p95(), n.p95(), ratio));
    }
    b.append("| p95 >= 3x lower at every rate 'off' sustains | ").append(p95.length() == 0 ? "no rate sustained by off"
        : p95.toString().trim()).append(" | ").append(worst != Double.MAX_VALUE && worst >= 3 ? "yes" : "no")
        .append(" |\n");
    OptionalDouble offMax = highestUnder100(rows, "off");
    OptionalDouble onMax = highestUnder100(rows, "on");
    String held = String.format(Locale.ROOT, "off %s, on %s", offMax.isPresent() ? fmt(offMax.getAsDouble()) : "none",
        onMax.isPresent() ? fmt(onMax.getAsDouble()) : "none");
    // Without a rate "off" held there is no ratio: the target is not shown by the run.
    boolean heldMet = onMax.isPresent() && offMax.isPresent() && onMax.getAsDouble() >= 3 * offMax.getAsDouble();
    if (onMax.isPresent() && offMax.isPresent()) {
      held += String.format(Locale.ROOT, " = %.1fx", onMax.getAsDouble() / offMax.getAsDouble());
    }
    if (onMax.isPresent() && onMax.getAsDouble() == rows.stream().filter(r -> r.side().equals("on"))
        .mapToDouble(Row::offered).max().orElse(0)) {
      held += " (on held the highest rate tried: its limit is higher)";
    }
    b.append("| highest rate held at p99 < 100 ms >= 3x higher | ").append(held).append(" | ")
        .append(heldMet ? "yes" : "no").append(" |\n");
    b.append(String.format(Locale.ROOT, "| cross-replica staleness p99 < 50 ms | %.1f ms (%d samples, %d not seen) "
        + "| %s |%n", on.stalenessP99(), on.stalenessSamples(), on.stalenessMissed(),
        on.stalenessP99() < 50 && on.stalenessMissed() == 0 ? "yes" : "no"));
    return b.toString();
  }

  private static String fmt(double rate) {
    return String.format(Locale.ROOT, "%.0f req/s", rate);
  }

  private static OptionalDouble highestUnder100(List<Row> rows, String side) {
    return rows.stream().filter(r -> r.side().equals(side) && r.p99() < 100 && r.sustained())
        .mapToDouble(Row::offered).max();
  }

  /** Writes the latency-vs-load chart (p95 and p99 of both sides, log scale). */
  static void chart(List<Row> rows, Path file) {
    XYChart chart = new XYChartBuilder().width(1000).height(650)
        .title("Reference service, two replicas: latency vs offered load (open loop, CO-corrected)")
        .xAxisTitle("offered load, requests/s").yAxisTitle("latency, ms (log scale)").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setMarkerSize(8);
    series(chart, rows, "off", "p95", Row::p95, new Color(0xD62728), false);
    series(chart, rows, "off", "p99", Row::p99, new Color(0xD62728), true);
    series(chart, rows, "on", "p95", Row::p95, new Color(0x2E6DB4), false);
    series(chart, rows, "on", "p99", Row::p99, new Color(0x2E6DB4), true);
    try {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + file, e);
    }
  }

  private static void series(XYChart chart, List<Row> rows, String side, String what, ToDoubleFunction<Row> y,
      Color color, boolean dashed) {
    List<Row> mine = rows.stream().filter(r -> r.side().equals(side)).toList();
    if (mine.isEmpty()) {
      return;
    }
    XYSeries s = chart.addSeries("optimizer " + side + " " + what, mine.stream().mapToDouble(Row::offered).toArray(),
        mine.stream().mapToDouble(r -> Math.max(0.1, y.applyAsDouble(r))).toArray());
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setMarker(dashed ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
    s.setLineStyle(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {8f, 6f}, 0f) : new BasicStroke(2f));
  }
}
