package dev.optimizer.bench.suite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark class found in the jar's JMH benchmark list.
 *
 * @param className fully qualified name
 * @param group the class's {@code GROUP} constant
 * @param methods its {@code @Benchmark} method names, sorted
 * @param params every {@code @Param} field with its declared values (enum constants when none are
 *     listed), in declaration order
 */
public record BenchmarkClass(String className, String group, List<String> methods,
    Map<String, List<String>> params) {

  /** Copies the collections. */
  public BenchmarkClass {
    methods = List.copyOf(methods);
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The class name without its package. */
  public String simpleName() {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /**
   * Number of JMH runs (method times parameter combination) when each parameter takes the values in
   * {@code selection} (absent parameters take all their declared values).
   */
  public long runs(Map<String, List<String>> selection) {
    long combos = 1;
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      List<String> chosen = selection.get(p.getKey());
      combos *= Math.max(1, chosen != null ? chosen.size() : p.getValue().size());
    }
    return methods.size() * combos;
  }
}
