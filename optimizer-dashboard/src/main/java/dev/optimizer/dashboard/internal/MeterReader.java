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
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads Redis servers and coalescers from the optimizer's meter registry. Neither is reachable through a module's
 * API (a cache's L2 connection and the coalescers of {@code @BatchProcess(bulk = ..)} are internal), but both
 * bind their meters to that registry, tagged {@code server} and {@code coalescer}; reading the meters also keeps
 * the dashboard free of a compile dependency on {@code optimizer-redis}.
 */
final class MeterReader {
  private static final String[] CIRCUIT = {"CLOSED", "HALF_OPEN", "OPEN"};

  private final MeterRegistry registry;

  MeterReader(MeterRegistry registry) {
    this.registry = registry;
  }

  List<CacheDocument.RedisServer> redisServers() {
    List<CacheDocument.RedisServer> out = new ArrayList<>();
    for (String server : tagValues("optimizer.redis.circuit.state", "server")) {
      Gauge state = registry.find("optimizer.redis.circuit.state").tag("server", server).gauge();
      int ordinal = state == null ? 0 : (int) state.value();
      String circuit = ordinal >= 0 && ordinal < CIRCUIT.length ? CIRCUIT[ordinal] : "UNKNOWN";
      out.add(new CacheDocument.RedisServer(server, circuit, calls(server, "ok"), calls(server, "busy"),
          calls(server, "error"), calls(server, "rejected"),
          count(registry.find("optimizer.redis.outages").tag("server", server).functionCounter())));
    }
    return out;
  }

  private long calls(String server, String result) {
    return count(registry.find("optimizer.redis.calls").tag("server", server).tag("result", result)
        .functionCounter());
  }

  List<BatchDocument.Coalescer> coalescers() {
    List<BatchDocument.Coalescer> out = new ArrayList<>();
    for (String name : tagValues("optimizer.batch.coalesced.requests", "coalescer")) {
      DistributionSummary size = registry.find("optimizer.batch.coalesced.size").tag("coalescer", name).summary();
      out.add(new BatchDocument.Coalescer(name,
          count(registry.find("optimizer.batch.coalesced.requests").tag("coalescer", name).functionCounter()),
          count(registry.find("optimizer.batch.coalesced.duplicates").tag("coalescer", name).functionCounter()),
          count(registry.find("optimizer.batch.coalesced.calls").tag("coalescer", name).tag("outcome", "success")
              .functionCounter())
              + count(registry.find("optimizer.batch.coalesced.calls").tag("coalescer", name)
                  .tag("outcome", "failure").functionCounter()),
          count(registry.find("optimizer.batch.coalesced.calls").tag("coalescer", name).tag("outcome", "failure")
              .functionCounter()),
          size == null ? 0 : size.mean(), size == null ? 0 : size.max()));
    }
    return out;
  }

  private TreeSet<String> tagValues(String meter, String tag) {
    TreeSet<String> values = new TreeSet<>();
    for (Meter m : registry.find(meter).meters()) {
      String v = m.getId().getTag(tag);
      if (v != null) {
        values.add(v);
      }
    }
    return values;
  }

  private static long count(@Nullable FunctionCounter c) {
    return c == null ? 0 : Math.round(c.count());
  }
}
