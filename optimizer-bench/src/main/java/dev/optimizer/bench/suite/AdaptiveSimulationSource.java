package dev.optimizer.bench.suite;

import dev.optimizer.bench.batch.AdaptiveSimulation;
import dev.optimizer.bench.report.Measurement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;

/**
 * The batch module's adaptive-controller simulation as figures: simulated items per second per backend
 * for ADAPTIVE and every static batch size from 1 to 4096 (the sweep its {@code main} prints). The JMH
 * time of that class is how fast the simulation runs, not the figure, so the suite takes the figure here.
 */
final class AdaptiveSimulationSource implements FigureSource {
  private static final int MAX_BATCH = 4096;

  @Override
  public String className() {
    return AdaptiveSimulation.class.getName();
  }

  @Override
  public String group() {
    return "batch";
  }

  @Override
  public double estimatedSeconds() {
    return 10;
  }

  @Override
  public boolean quick() {
    return true;
  }

  @Override
  public List<Measurement> measure() {
    try {
      // simulate(Backend, String) is the bench's own entry point, package-private: the same figures its
      // main() prints, without parsing them.
      Method simulate = AdaptiveSimulation.class.getDeclaredMethod("simulate",
          AdaptiveSimulation.Backend.class, String.class);
      simulate.setAccessible(true);
      List<Measurement> out = new ArrayList<>();
      for (AdaptiveSimulation.Backend backend : AdaptiveSimulation.Backend.values()) {
        List<String> impls = new ArrayList<>(List.of("ADAPTIVE"));
        for (int size = 1; size <= MAX_BATCH; size *= 2) {
          impls.add("STATIC_" + size);
        }
        for (String impl : impls) {
          double itemsPerSecond = (double) simulate.invoke(null, backend, impl);
          out.add(new Measurement(className(), "simulated", Map.of("impl", impl, "backend", backend.name()),
              Mode.Throughput, 1, itemsPerSecond, Double.NaN, "items/s"));
        }
      }
      return out;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot run " + className() + ".simulate", e);
    }
  }
}
