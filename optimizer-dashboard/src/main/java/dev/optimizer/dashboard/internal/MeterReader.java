package dev.optimizer.dashboard.internal;

import dev.optimizer.dashboard.BatchDocument;
import dev.optimizer.dashboard.CacheDocument;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Reads Redis servers and coalescers from the optimizer's meter registry. Neither is reachable through a module's
 * API (a cache's L2 connection and the coalescers of {@code @BatchProcess(bulk = ..)} are internal), but both
 * bind their meters to that registry, tagged {@code server} and {@code coalescer}; reading the meters also keeps
 * the dashboard free of a compile dependency on {@code optimizer-redis}.
 *
 * <p>The stream reads these once a second, in code that stays cold (interpreted) for a long time at that pace, so
 * a registry search per figure (a stream over every meter: about a millisecond each with a hundred meters) was
 * most of a snapshot's cost. Instead the meters of the few names read here are indexed as the registry adds and
 * removes them, and a figure is a lookup in a short list. Thread-safe.
 */
final class MeterReader {
  private static final String[] CIRCUIT = {"CLOSED", "HALF_OPEN", "OPEN"};
  private static final String[] PREFIXES = {"optimizer.redis.", "optimizer.cache.redis.", "optimizer.batch.coalesced."};

  /** Meter name to the registered meters of that name, for the names this reader reads only. */
  private final Map<String, List<Meter>> byName = new ConcurrentHashMap<>();

  MeterReader(MeterRegistry registry) {
    // Listen first, then add what is there: a meter registered in between is seen twice, and kept once.
    registry.config().onMeterAdded(this::added).onMeterRemoved(this::removed);
    for (Meter m : registry.getMeters()) {
      added(m);
    }
  }

  private static boolean watched(String name) {
    for (String p : PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private void added(Meter m) {
    String name = m.getId().getName();
    if (!watched(name)) {
      return;
    }
    List<Meter> list = byName.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
    synchronized (list) {
      for (Meter known : list) {
        if (known.getId().equals(m.getId())) {
          return;
        }
      }
      list.add(m);
    }
  }

  private void removed(Meter m) {
    List<Meter> list = byName.get(m.getId().getName());
    if (list != null) {
      synchronized (list) {
        list.removeIf(known -> known.getId().equals(m.getId()));
      }
    }
  }

  /** The meter named {@code name} whose tag {@code key} is {@code value} (and {@code key2} is {@code value2}). */
  private @Nullable Meter find(String name, String key, String value, @Nullable String key2,
      @Nullable String value2) {
    List<Meter> list = byName.get(name);
    if (list == null) {
      return null;
    }
    for (Meter m : list) {
      if (value.equals(m.getId().getTag(key)) && (key2 == null || String.valueOf(value2).equals(m.getId().getTag(key2)))) {
        return m;
      }
    }
    return null;
  }

  private @Nullable Meter find(String name, String key, String value) {
    return find(name, key, value, null, null);
  }

  List<CacheDocument.RedisServer> redisServers() {
    List<CacheDocument.RedisServer> out = new ArrayList<>();
    for (String server : tagValues("optimizer.redis.circuit.state", "server")) {
      out.add(new CacheDocument.RedisServer(server, circuit(find("optimizer.redis.circuit.state", "server", server)),
          calls(server, "ok"), calls(server, "busy"), calls(server, "error"), calls(server, "rejected"),
          count(find("optimizer.redis.outages", "server", server))));
    }
    return out;
  }

  /** The L2 figures of cache {@code cache} if it has a Redis L2 bound to the registry, else null. */
  CacheDocument.@Nullable RedisL2 redisL2(String cache) {
    Meter state = find("optimizer.cache.redis.circuit.state", "cache", cache);
    if (state == null) {
      return null;
    }
    return new CacheDocument.RedisL2(circuit(state), cacheCount("busy", cache), cacheCount("over_budget", cache),
        cacheCount("rejected", cache), cacheCount("errors", cache), cacheCount("outages", cache));
  }

  private long cacheCount(String meter, String cache) {
    return count(find("optimizer.cache.redis." + meter, "cache", cache));
  }

  private static String circuit(@Nullable Meter state) {
    int ordinal = state instanceof Gauge g ? (int) g.value() : 0;
    return ordinal >= 0 && ordinal < CIRCUIT.length ? CIRCUIT[ordinal] : "UNKNOWN";
  }

  private long calls(String server, String result) {
    return count(find("optimizer.redis.calls", "server", server, "result", result));
  }

  List<BatchDocument.Coalescer> coalescers() {
    List<BatchDocument.Coalescer> out = new ArrayList<>();
    for (String name : tagValues("optimizer.batch.coalesced.requests", "coalescer")) {
      long success = count(find("optimizer.batch.coalesced.calls", "coalescer", name, "outcome", "success"));
      long failure = count(find("optimizer.batch.coalesced.calls", "coalescer", name, "outcome", "failure"));
      DistributionSummary size = find("optimizer.batch.coalesced.size", "coalescer", name)
          instanceof DistributionSummary d ? d : null;
      out.add(new BatchDocument.Coalescer(name,
          count(find("optimizer.batch.coalesced.requests", "coalescer", name)),
          count(find("optimizer.batch.coalesced.duplicates", "coalescer", name)), success + failure, failure,
          size == null ? 0 : size.mean(), size == null ? 0 : size.max()));
    }
    return out;
  }

  private TreeSet<String> tagValues(String meter, String tag) {
    TreeSet<String> values = new TreeSet<>();
    List<Meter> list = byName.get(meter);
    if (list != null) {
      for (Meter m : list) {
        String v = m.getId().getTag(tag);
        if (v != null) {
          values.add(v);
        }
      }
    }
    return values;
  }

  private static long count(@Nullable Meter m) {
    return m instanceof FunctionCounter c ? Math.round(c.count()) : 0;
  }
}
