package dev.optimizer.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders the report's PNG charts with XChart. Needs {@code java.awt.headless=true} on a machine
 * without a display ({@code BenchMain} sets it).
 */
public final class ChartRenderer {
  private static final Color MEASURED = new Color(0x2E, 0x6D, 0xB4);
  private static final Color TARGET = new Color(0xB0, 0xB0, 0xB0);
  private static final Color[] PALETTE = {
      new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
      new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
      new Color(0xBCBD22), new Color(0x17BECF)};

  private ChartRenderer() {}

  /**
   * Bars of our speed over the peer's, next to the target expressed the same way, one pair per measured
   * row that has a peer and a target; log scale, higher is better. Nothing is written when no row
   * qualifies.
   *
   * @return whether the file was written
   */
  public static boolean ratios(List<TargetRow> rows, Path file) {
    List<String> labels = new ArrayList<>();
    List<Double> measured = new ArrayList<>();
    List<Double> target = new ArrayList<>();
    for (TargetRow r : rows) {
      double m = r.speedRatio();
      double t = r.targetSpeedRatio();
      // Quality scores are not speeds: they have their own rows in the report, not bars here.
      if (Double.isNaN(m) || Double.isNaN(t) || (r.status() != TargetRow.Status.MET
          && r.status() != TargetRow.Status.MISSED) || r.target().kind() == TargetKind.SCORE_AT_LEAST) {
        continue;
      }
      labels.add(r.shortLabel() + (r.status() == TargetRow.Status.MET ? " [met]" : " [MISSED]"));
      measured.add(m);
      target.add(t);
    }
    if (labels.isEmpty()) {
      return false;
    }
    CategoryChart chart = new CategoryChartBuilder().width(Math.max(1000, 60 * labels.size() + 250))
        .height(900).title("Speed relative to the peer (ours / peer, higher is better; log scale)")
        .xAxisTitle("benchmark: ours vs peer").yAxisTitle("speed ratio").build();
    org.knowm.xchart.style.CategoryStyler styler = chart.getStyler();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisLabelRotation(60);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setAvailableSpaceFill(0.7);
    chart.getStyler().setYAxisDecimalPattern("#,##0.###");
    styler.setSeriesColors(new Color[] {MEASURED, TARGET});
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    // XChart's log axis needs explicit positive bounds for bars (their base would be 0 otherwise).
    double lo = Math.min(measured.stream().mapToDouble(d -> d).min().orElse(1),
        target.stream().mapToDouble(d -> d).min().orElse(1));
    double hi = Math.max(measured.stream().mapToDouble(d -> d).max().orElse(1),
        target.stream().mapToDouble(d -> d).max().orElse(1));
    styler.setYAxisMin(Math.pow(10, Math.floor(Math.log10(Math.min(lo, 1)))));
    styler.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(Math.max(hi, 1) * 1.05))));
    chart.addSeries("measured", labels, measured);
    chart.addSeries("target (issue)", labels, target);
    save(chart, file);
    return true;
  }

  /**
   * Compression ratio (x) against compression and decompression speed (y, log), one line per
   * algorithm through its levels. Nothing is written for no points.
   *
   * @return whether the file was written
   */
  public static boolean compression(List<CompressionPoint> points, String sampleName, Path file) {
    if (points.isEmpty()) {
      return false;
    }
    Map<String, List<CompressionPoint>> byAlgorithm = new LinkedHashMap<>();
    // NONE is a stored frame, not a codec: a point at ratio 1 that only squeezes the others' scale.
    points.stream().filter(p -> !p.algorithm().equals("NONE"))
        .forEach(p -> byAlgorithm.computeIfAbsent(p.algorithm(), k -> new ArrayList<>()).add(p));
    if (byAlgorithm.isEmpty()) {
      return false;
    }
    XYChart chart = new XYChartBuilder().width(1200).height(800)
        .title("Compression: ratio vs speed per algorithm (" + sampleName + "; circle/solid = compress, "
            + "diamond/dashed = decompress)")
        .xAxisTitle("compression ratio (original / compressed)").yAxisTitle("MB/s (log scale)").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(10);
    chart.getStyler().setXAxisDecimalPattern("0.0");
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    int i = 0;
    for (Map.Entry<String, List<CompressionPoint>> e : byAlgorithm.entrySet()) {
      Color color = PALETTE[i++ % PALETTE.length];
      List<CompressionPoint> ps = e.getValue();
      double[] x = ps.stream().mapToDouble(CompressionPoint::ratio).toArray();
      XYSeries c = chart.addSeries(e.getKey() + " compress", x,
          ps.stream().mapToDouble(p -> Math.max(0.01, p.compressMBps())).toArray());
      c.setMarker(SeriesMarkers.CIRCLE);
      c.setMarkerColor(color);
      c.setLineColor(color);
      c.setLineStyle(new BasicStroke(2f));
      XYSeries d = chart.addSeries(e.getKey() + " decompress", x,
          ps.stream().mapToDouble(p -> Math.max(0.01, p.decompressMBps())).toArray());
      d.setMarker(SeriesMarkers.DIAMOND);
      d.setMarkerColor(color);
      d.setLineColor(color);
      d.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
          new float[] {5f, 5f}, 0f));
    }
    save(chart, file);
    return true;
  }

  private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
    try {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + file, e);
    }
  }
}
