package dev.optimizer.bench.suite;

import dev.optimizer.bench.compress.SelectionQualityReport;
import dev.optimizer.bench.report.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;

/**
 * The compression module's automatic-selection report as figures: per corpus and goal, the chosen
 * algorithm's score ({@code impl=CHOSEN}, unit {@code score}) against the best candidate's
 * ({@code impl=BEST}, 1 by definition), so the target row reads the quality directly.
 */
final class SelectionQualitySource implements FigureSource {
  @Override
  public String className() {
    return SelectionQualityReport.class.getName();
  }

  @Override
  public String group() {
    return SelectionQualityReport.GROUP;
  }

  @Override
  public double estimatedSeconds() {
    // Every candidate re-measured for at least 0.5 s each way on four corpora.
    return 55;
  }

  @Override
  public boolean quick() {
    return true;
  }

  @Override
  public List<Measurement> measure() {
    List<Measurement> out = new ArrayList<>();
    for (SelectionQualityReport.Row r : SelectionQualityReport.run()) {
      Map<String, String> common = Map.of("corpus", r.corpus().name(), "goal", r.goal().name());
      out.add(figure("CHOSEN", common, r.quality(), r.chosen().name(), r.best().name()));
      out.add(figure("BEST", common, 1.0, r.chosen().name(), r.best().name()));
    }
    return out;
  }

  private Measurement figure(String impl, Map<String, String> common, double score, String chosen, String best) {
    Map<String, String> params = new java.util.LinkedHashMap<>();
    params.put("impl", impl);
    params.putAll(common);
    // The same text on both rows, so they pair up, and the report says what was picked.
    params.put("picked", chosen.equals(best) ? chosen + " (the best)" : chosen + ", best " + best);
    return new Measurement(className(), "choose", params, Mode.SingleShotTime, 1, score, Double.NaN, "score");
  }
}
