package dev.optimizer.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * The benchmark classes in the jar, by group. Classes come from JMH's generated benchmark list
 * ({@code META-INF/BenchmarkList}), so a module's benchmark joins the suite by existing: its class names
 * its group in a {@code public static final String GROUP} constant. A class without one is put in the
 * group named after its package ({@code dev.optimizer.bench.cache.X} is {@code cache}).
 */
public final class BenchmarkCatalog {
  /** Groups in module order; a group not listed here runs after these, alphabetically. */
  public static final List<String> GROUP_ORDER =
      List.of("core", "compress", "cache", "redis", "batch", "lazy", "limit");

  private final Map<String, List<BenchmarkClass>> byGroup;

  private BenchmarkCatalog(Map<String, List<BenchmarkClass>> byGroup) {
    this.byGroup = byGroup;
  }

  /**
   * Reads the benchmark list from the class path.
   *
   * @throws IllegalStateException if the list is missing (the jar was built without JMH's annotation
   *     processor)
   */
  public static BenchmarkCatalog load() {
    try (InputStream in = BenchmarkCatalog.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
      if (in == null) {
        throw new IllegalStateException("no " + BenchmarkList.BENCHMARK_LIST + " on the class path: "
            + "build optimizer-bench with Maven so JMH's annotation processor runs");
      }
      return of(BenchmarkList.readBenchmarkList(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BenchmarkList.BENCHMARK_LIST, e);
    }
  }

  /** A catalog of the given JMH entries. */
  public static BenchmarkCatalog of(List<BenchmarkListEntry> entries) {
    Map<String, List<BenchmarkListEntry>> byClass = new TreeMap<>();
    for (BenchmarkListEntry e : entries) {
      byClass.computeIfAbsent(e.getUserClassQName(), k -> new ArrayList<>()).add(e);
    }
    List<BenchmarkClass> classes = new ArrayList<>();
    for (Map.Entry<String, List<BenchmarkListEntry>> c : byClass.entrySet()) {
      TreeSet<String> methods = new TreeSet<>();
      Map<String, List<String>> params = new LinkedHashMap<>();
      for (BenchmarkListEntry e : c.getValue()) {
        String name = e.getUsername();
        methods.add(name.substring(name.lastIndexOf('.') + 1));
        e.getParams().orElse(Map.of()).forEach((k, v) -> params.putIfAbsent(k, Arrays.asList(v)));
      }
      classes.add(new BenchmarkClass(c.getKey(), groupOf(c.getKey()), new ArrayList<>(methods), params));
    }
    return ofClasses(classes);
  }

  /** A catalog of the given classes, grouped by their {@link BenchmarkClass#group()}. */
  public static BenchmarkCatalog ofClasses(List<BenchmarkClass> classes) {
    Map<String, List<BenchmarkClass>> groups = new TreeMap<>(BenchmarkCatalog::compareGroups);
    for (BenchmarkClass c : classes) {
      groups.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(c);
    }
    groups.values().forEach(l -> l.sort(Comparator.comparing(BenchmarkClass::className)));
    return new BenchmarkCatalog(groups);
  }

  /** Groups present, in running order. */
  public List<String> groups() {
    return List.copyOf(byGroup.keySet());
  }

  /** Classes of one group; empty for an unknown group. */
  public List<BenchmarkClass> classes(String group) {
    return byGroup.getOrDefault(group, List.of());
  }

  /** Every class, in running order. */
  public List<BenchmarkClass> all() {
    return byGroup.values().stream().flatMap(List::stream).toList();
  }

  /** The class of that fully qualified name, if the jar has it. */
  public Optional<BenchmarkClass> find(String className) {
    return all().stream().filter(c -> c.className().equals(className)).findFirst();
  }

  private static int compareGroups(String a, String b) {
    int ia = GROUP_ORDER.indexOf(a);
    int ib = GROUP_ORDER.indexOf(b);
    ia = ia < 0 ? Integer.MAX_VALUE : ia;
    ib = ib < 0 ? Integer.MAX_VALUE : ib;
    return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
  }

  /** The class's {@code GROUP} constant, or the last package segment when it has none. */
  static String groupOf(String className) {
    try {
      // Not initialised: reading a constant must not run a benchmark's static setup.
      Class<?> type = Class.forName(className, false, BenchmarkCatalog.class.getClassLoader());
      Field f = type.getField("GROUP");
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        Object value = f.get(null);
        if (value instanceof String s && !s.isBlank()) {
          return s;
        }
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      // No readable constant: fall back to the package name below.
    }
    String pkg = className.substring(0, Math.max(0, className.lastIndexOf('.')));
    return pkg.substring(pkg.lastIndexOf('.') + 1);
  }
}
