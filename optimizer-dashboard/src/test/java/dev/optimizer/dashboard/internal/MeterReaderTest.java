package dev.optimizer.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.dashboard.BatchDocument;
import dev.optimizer.dashboard.CacheDocument;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The meters the reader indexes: those bound before it was made, and those bound or removed afterwards. */
class MeterReaderTest {
  private static void redisServer(MeterRegistry registry, String server, int circuit, long ok, long outages) {
    Tags tags = Tags.of("server", server);
    Gauge.builder("optimizer.redis.circuit.state", () -> circuit).tags(tags).register(registry);
    FunctionCounter.builder("optimizer.redis.calls", new AtomicLong(ok), AtomicLong::get).tags(tags)
        .tag("result", "ok").register(registry);
    FunctionCounter.builder("optimizer.redis.calls", new AtomicLong(3), AtomicLong::get).tags(tags)
        .tag("result", "busy").register(registry);
    FunctionCounter.builder("optimizer.redis.outages", new AtomicLong(outages), AtomicLong::get).tags(tags)
        .register(registry);
  }

  @Test
  void redisServers_boundBeforeAndAfterTheReader_bothListedWithTheirFigures() {
    MeterRegistry registry = new SimpleMeterRegistry();
    redisServer(registry, "redis://a:6379", 0, 10, 0);
    MeterReader reader = new MeterReader(registry);
    redisServer(registry, "redis://b:6379", 2, 20, 4);

    assertThat(reader.redisServers()).containsExactly(
        new CacheDocument.RedisServer("redis://a:6379", "CLOSED", 10, 3, 0, 0, 0),
        new CacheDocument.RedisServer("redis://b:6379", "OPEN", 20, 3, 0, 0, 4));
  }

  @Test
  void redisServers_metersRemoved_serverGone() {
    MeterRegistry registry = new SimpleMeterRegistry();
    MeterReader reader = new MeterReader(registry);
    redisServer(registry, "redis://a:6379", 0, 10, 0);
    registry.getMeters().stream().filter(m -> "redis://a:6379".equals(m.getId().getTag("server")))
        .toList().forEach(registry::remove);

    assertThat(reader.redisServers()).isEmpty();
  }

  @Test
  void redisL2_cacheWithAndWithoutRedisMeters() {
    MeterRegistry registry = new SimpleMeterRegistry();
    MeterReader reader = new MeterReader(registry);
    Gauge.builder("optimizer.cache.redis.circuit.state", () -> 1).tag("cache", "sessions").register(registry);
    FunctionCounter.builder("optimizer.cache.redis.busy", new AtomicLong(7), AtomicLong::get)
        .tag("cache", "sessions").register(registry);

    assertThat(reader.redisL2("sessions")).isEqualTo(new CacheDocument.RedisL2("HALF_OPEN", 7, 0, 0, 0, 0));
    assertThat(reader.redisL2("products")).isNull();
  }

  @Test
  void coalescers_boundAfterTheReader_listedOnceWithCallsAndSizes() {
    MeterRegistry registry = new SimpleMeterRegistry();
    MeterReader reader = new MeterReader(registry);
    Tags tags = Tags.of("coalescer", "prices");
    FunctionCounter.builder("optimizer.batch.coalesced.requests", new AtomicLong(100), AtomicLong::get).tags(tags)
        .register(registry);
    // Registering the same meter again (a second bindTo) must not list it twice.
    FunctionCounter.builder("optimizer.batch.coalesced.requests", new AtomicLong(100), AtomicLong::get).tags(tags)
        .register(registry);
    FunctionCounter.builder("optimizer.batch.coalesced.duplicates", new AtomicLong(40), AtomicLong::get).tags(tags)
        .register(registry);
    FunctionCounter.builder("optimizer.batch.coalesced.calls", new AtomicLong(9), AtomicLong::get).tags(tags)
        .tag("outcome", "success").register(registry);
    FunctionCounter.builder("optimizer.batch.coalesced.calls", new AtomicLong(1), AtomicLong::get).tags(tags)
        .tag("outcome", "failure").register(registry);
    DistributionSummary size = DistributionSummary.builder("optimizer.batch.coalesced.size").tags(tags)
        .register(registry);
    size.record(4);
    size.record(8);

    assertThat(reader.coalescers())
        .containsExactly(new BatchDocument.Coalescer("prices", 100, 40, 10, 1, 6.0, 8.0));
  }
}
