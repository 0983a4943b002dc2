package dev.optimizer.bench.limit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The overload experiment's Markdown table and PNG charts (XChart, as the bench report draws its own). */
public final class OverloadReport {
  private static final Color[] COLORS = {new Color(0xD62728), new Color(0x7F7F7F), new Color(0x2E6DB4)};

  private OverloadReport() {}

  /** The rows as a Markdown table, with the service's figures above it. */
  public static String markdown(OverloadExperiment e, List<OverloadRow> rows) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Service: %d workers x %d ms per request "
        + "(capacity %.0f req/s); open-loop constant arrivals; latency from the intended arrival time "
        + "(coordinated omission corrected, HdrHistogram); goodput = accepted requests answered within %d ms, per "
        + "second.%n%n", e.workers(), e.serviceTime().toMillis(), e.capacity(), 10 * e.serviceTime().toMillis()));
    b.append("| limiter | load | offered req/s | p50 ms | p95 ms | p99 ms | goodput req/s | rejected | final limit |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (OverloadRow r : rows) {
      b.append(String.format(Locale.ROOT, "| %s | %.1fx | %.0f | %.1f | %.1f | %.1f | %.0f | %.1f %% | %s |%n",
          r.limiter(), r.loadFactor(), r.offeredPerSecond(), r.p50Millis(), r.p95Millis(), r.p99Millis(),
          r.goodputPerSecond(), 100 * r.rejectionRate(), r.finalLimit() < 0 ? "-" : Integer.toString(r.finalLimit())));
    }
    return b.toString();
  }

  /** Writes {@code overload-p99.png} (log scale) and {@code overload-goodput.png} into {@code dir}. */
  public static void charts(List<OverloadRow> rows, Path dir) {
    chart(rows, "Accepted-request p99 latency vs offered load (log scale)", "p99 latency, ms", true,
        OverloadRow::p99Millis, dir.resolve("overload-p99.png"));
    chart(rows, "Goodput vs offered load", "answered within the deadline, req/s", false,
        OverloadRow::goodputPerSecond, dir.resolve("overload-goodput.png"));
  }

  private static void chart(List<OverloadRow> rows, String title, String yTitle, boolean log,
      ToDoubleFunction<OverloadRow> y, Path file) {
    XYChart chart = new XYChartBuilder().width(1000).height(650).title(title)
        .xAxisTitle("offered load (x capacity)").yAxisTitle(yTitle).build();
    chart.getStyler().setYAxisLogarithmic(log);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setMarkerSize(9);
    int i = 0;
    for (String limiter : OverloadExperiment.LIMITERS) {
      List<OverloadRow> mine = rows.stream().filter(r -> r.limiter().equals(limiter)).toList();
      if (mine.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(limiter, mine.stream().mapToDouble(OverloadRow::loadFactor).toArray(),
          mine.stream().mapToDouble(r -> Math.max(0.01, y.applyAsDouble(r))).toArray());
      Color c = COLORS[i++ % COLORS.length];
      s.setLineColor(c);
      s.setMarkerColor(c);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineStyle(new BasicStroke(2f));
    }
    try {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + file, e);
    }
  }
}
