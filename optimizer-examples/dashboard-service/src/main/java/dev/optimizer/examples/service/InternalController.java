package dev.optimizer.examples.service;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Counters the load test reads: SQL statements executed and heap in use. */
@RestController
public class InternalController {
  private final QueryCounter queries;
  private final Environment environment;

  public InternalController(QueryCounter queries, Environment environment) {
    this.queries = queries;
    this.environment = environment;
  }

  @GetMapping("/internal/stats")
  public Map<String, Object> stats() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("queries", queries.statements());
    out.put("heapUsedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    out.put("optimizer", environment.getProperty("optimizer.enabled", Boolean.class, true));
    return out;
  }
}
