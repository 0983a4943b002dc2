package dev.optimizer.dashboard.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.optimizer.dashboard.BatchDocument;
import dev.optimizer.dashboard.CacheDocument;
import dev.optimizer.dashboard.CompressionDocument;
import dev.optimizer.dashboard.LazyDocument;
import dev.optimizer.dashboard.SnapshotDocument;
import dev.optimizer.dashboard.TuningEventsDocument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes the stream's {@link SnapshotDocument} with jackson-core's generator, field by field, as UTF-8: the same
 * JSON as {@link Json#write} (same names, order and number formats; {@code SnapshotJsonTest} holds the two
 * together), without the data binding. The stream writes one snapshot a second, so its code stays cold:
 * data binding's reflective, per-property path cost about as much as building the documents, and its first use
 * introspected every document type (hundreds of milliseconds, and seconds of JIT work after it) in the process
 * being served. Stateless and thread-safe.
 */
public final class SnapshotJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private SnapshotJson() {}

  /** {@code s} as UTF-8 JSON, the bytes of one stream event's data line. */
  public static byte[] write(SnapshotDocument s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("at", s.at());
      system(g, s.system());
      g.writeFieldName("cache");
      cache(g, s.cache());
      g.writeFieldName("batch");
      batch(g, s.batch());
      g.writeFieldName("compression");
      compression(g, s.compression());
      g.writeFieldName("lazy");
      lazy(g, s.lazy());
      g.writeNumberField("tuning_events_total", s.tuningEventsTotal());
      g.writeArrayFieldStart("recent_events");
      for (TuningEventsDocument.Event e : s.recentEvents()) {
        g.writeStartObject();
        g.writeStringField("at", e.at());
        g.writeStringField("target", e.target());
        g.writeStringField("setting", e.setting());
        g.writeStringField("from", e.from());
        g.writeStringField("to", e.to());
        g.writeStringField("reason", e.reason());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("absent_modules");
      for (Map.Entry<String, String> e : s.absentModules().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the snapshot as JSON", e);
    }
    return out.toByteArray();
  }

  private static void system(JsonGenerator g, SnapshotDocument.SystemFigures f) throws IOException {
    g.writeObjectFieldStart("system");
    g.writeNumberField("system_cpu_ratio", f.systemCpuRatio());
    g.writeNumberField("process_cpu_ratio", f.processCpuRatio());
    g.writeNumberField("memory_used_ratio", f.memoryUsedRatio());
    g.writeNumberField("heap_used_ratio", f.heapUsedRatio());
    g.writeNumberField("old_gen_after_gc_bytes", f.oldGenAfterGcBytes());
    g.writeNumberField("gc_time_ratio", f.gcTimeRatio());
    g.writeStringField("level", f.level());
    g.writeEndObject();
  }

  private static void cache(JsonGenerator g, @Nullable CacheDocument d) throws IOException {
    if (d == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeArrayFieldStart("caches");
    for (CacheDocument.Cache c : d.caches()) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeNumberField("loads", c.loads());
      g.writeNumberField("load_failures", c.loadFailures());
      g.writeNumberField("load_time_seconds", c.loadTimeSeconds());
      g.writeNumberField("average_load_time_seconds", c.averageLoadTimeSeconds());
      g.writeNumberField("refreshes", c.refreshes());
      g.writeNumberField("refresh_failures", c.refreshFailures());
      g.writeArrayFieldStart("tiers");
      for (CacheDocument.Tier t : c.tiers()) {
        g.writeStartObject();
        g.writeStringField("tier", t.tier());
        g.writeNumberField("hits", t.hits());
        g.writeNumberField("misses", t.misses());
        g.writeNumberField("hit_rate", t.hitRate());
        g.writeNumberField("puts", t.puts());
        g.writeNumberField("errors", t.errors());
        g.writeNumberField("skipped", t.skipped());
        g.writeNumberField("evictions", t.evictions());
        g.writeNumberField("size_entries", t.sizeEntries());
        g.writeBooleanField("available", t.available());
        g.writeEndObject();
      }
      g.writeEndArray();
      CacheDocument.RedisL2 r = c.redis();
      if (r == null) {
        g.writeNullField("redis");
      } else {
        g.writeObjectFieldStart("redis");
        g.writeStringField("circuit_state", r.circuitState());
        g.writeNumberField("busy_calls", r.busyCalls());
        g.writeNumberField("over_budget_calls", r.overBudgetCalls());
        g.writeNumberField("rejected_calls", r.rejectedCalls());
        g.writeNumberField("errors", r.errors());
        g.writeNumberField("outages", r.outages());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("redis_servers");
    for (CacheDocument.RedisServer r : d.redisServers()) {
      g.writeStartObject();
      g.writeStringField("server", r.server());
      g.writeStringField("circuit_state", r.circuitState());
      g.writeNumberField("calls", r.calls());
      g.writeNumberField("busy_calls", r.busyCalls());
      g.writeNumberField("errors", r.errors());
      g.writeNumberField("rejected", r.rejected());
      g.writeNumberField("outages", r.outages());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void batch(JsonGenerator g, @Nullable BatchDocument d) throws IOException {
    if (d == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    BatchDocument.Processor p = d.processor();
    g.writeObjectFieldStart("processor");
    g.writeStringField("name", p.name());
    BatchDocument.Jobs j = p.jobs();
    g.writeObjectFieldStart("jobs");
    g.writeNumberField("submitted", j.submitted());
    g.writeNumberField("rejected", j.rejected());
    g.writeNumberField("queued", j.queued());
    g.writeNumberField("running", j.running());
    g.writeNumberField("completed", j.completed());
    g.writeNumberField("failed", j.failed());
    g.writeNumberField("cancelled", j.cancelled());
    g.writeEndObject();
    g.writeNumberField("queue_depth", p.queueDepth());
    g.writeNumberField("items_succeeded", p.itemsSucceeded());
    g.writeNumberField("items_failed", p.itemsFailed());
    g.writeNumberField("items_per_second", p.itemsPerSecond());
    g.writeNumberField("retries", p.retries());
    g.writeNumberField("batches", p.batches());
    g.writeNumberField("mean_batch_size", p.meanBatchSize());
    g.writeNumberField("mean_batch_latency_seconds", p.meanBatchLatencySeconds());
    g.writeNumberField("worker_cap", p.workerCap());
    g.writeArrayFieldStart("live_jobs");
    for (BatchDocument.JobProgress l : p.liveJobs()) {
      g.writeStartObject();
      g.writeNumberField("id", l.id());
      g.writeStringField("name", l.name());
      g.writeStringField("status", l.status());
      g.writeNumberField("items_done", l.itemsDone());
      g.writeNumberField("items_failed", l.itemsFailed());
      g.writeNumberField("items_total", l.itemsTotal());
      g.writeNumberField("progress_ratio", l.progressRatio());
      g.writeNumberField("items_per_second", l.itemsPerSecond());
      nullableNumber(g, "eta_seconds", l.etaSeconds());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeArrayFieldStart("coalescers");
    for (BatchDocument.Coalescer c : d.coalescers()) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeNumberField("requests", c.requests());
      g.writeNumberField("duplicates", c.duplicates());
      g.writeNumberField("bulk_calls", c.bulkCalls());
      g.writeNumberField("failed_bulk_calls", c.failedBulkCalls());
      g.writeNumberField("mean_coalesced_size", c.meanCoalescedSize());
      g.writeNumberField("max_coalesced_size", c.maxCoalescedSize());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void compression(JsonGenerator g, @Nullable CompressionDocument d) throws IOException {
    if (d == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("current_level", d.currentLevel());
    g.writeStringField("algorithm_choice", d.algorithmChoice());
    g.writeStringField("goal", d.goal());
    g.writeArrayFieldStart("available_algorithms");
    for (String a : d.availableAlgorithms()) {
      g.writeString(a);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("algorithms");
    for (CompressionDocument.AlgorithmFigures a : d.algorithms()) {
      g.writeStartObject();
      g.writeStringField("algorithm", a.algorithm());
      g.writeNumberField("ratio", a.ratio());
      direction(g, "compress", a.compress());
      direction(g, "decompress", a.decompress());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("stored_uncompressed", d.storedUncompressed());
    g.writeNumberField("corrupt_frames", d.corruptFrames());
    g.writeArrayFieldStart("choices");
    for (CompressionDocument.KeyChoice c : d.choices()) {
      g.writeStartObject();
      g.writeStringField("key", c.key());
      g.writeStringField("algorithm", c.algorithm());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void direction(JsonGenerator g, String name, CompressionDocument.Direction d) throws IOException {
    g.writeObjectFieldStart(name);
    g.writeNumberField("calls", d.calls());
    g.writeNumberField("bytes_in", d.bytesIn());
    g.writeNumberField("bytes_out", d.bytesOut());
    g.writeNumberField("time_seconds", d.timeSeconds());
    g.writeNumberField("mb_per_second", d.mbPerSecond());
    g.writeEndObject();
  }

  private static void lazy(JsonGenerator g, @Nullable LazyDocument d) throws IOException {
    if (d == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    LazyDocument.Registry r = d.registry();
    g.writeObjectFieldStart("registry");
    g.writeStringField("name", r.name());
    g.writeNumberField("loads", r.loads());
    g.writeNumberField("failures", r.failures());
    g.writeNumberField("stale_serves", r.staleServes());
    g.writeNumberField("load_time_seconds", r.loadTimeSeconds());
    g.writeNumberField("preload_queue_depth", r.preloadQueueDepth());
    g.writeNumberField("preloads_running", r.preloadsRunning());
    g.writeBooleanField("preload_paused", r.preloadPaused());
    loaders(g, "loaders", r.loaders());
    g.writeEndObject();
    loaders(g, "methods", d.methods());
    g.writeEndObject();
  }

  private static void loaders(JsonGenerator g, String name, List<LazyDocument.Loader> loaders) throws IOException {
    g.writeArrayFieldStart(name);
    for (LazyDocument.Loader l : loaders) {
      g.writeStartObject();
      g.writeStringField("key", l.key());
      g.writeStringField("strategy", l.strategy());
      g.writeStringField("priority", l.priority());
      nullableNumber(g, "ttl_seconds", l.ttlSeconds());
      g.writeBooleanField("loaded", l.loaded());
      g.writeNumberField("loads", l.loads());
      g.writeNumberField("failures", l.failures());
      g.writeNumberField("stale_serves", l.staleServes());
      g.writeNumberField("load_time_seconds", l.loadTimeSeconds());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void nullableNumber(JsonGenerator g, String name, @Nullable Double value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value.doubleValue());
    }
  }
}
