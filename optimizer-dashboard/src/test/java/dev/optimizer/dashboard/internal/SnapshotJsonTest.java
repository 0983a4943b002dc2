package dev.optimizer.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.dashboard.BatchDocument;
import dev.optimizer.dashboard.CacheDocument;
import dev.optimizer.dashboard.CompressionDocument;
import dev.optimizer.dashboard.LazyDocument;
import dev.optimizer.dashboard.SnapshotDocument;
import dev.optimizer.dashboard.TuningEventsDocument;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stream's hand-written JSON is the documents' data-bound JSON, byte for byte: every field of every part
 * is set (each list has an entry, each nullable field is set in one entry and null in another), so a field added
 * to a document and not to {@link SnapshotJson} fails here.
 */
class SnapshotJsonTest {
  private static final SnapshotDocument.SystemFigures SYSTEM =
      new SnapshotDocument.SystemFigures(0.25, 0.125, 0.5, 0.0625, 14_564_072L, 0.01, "ADVANCED");

  static SnapshotDocument everyField() {
    CacheDocument cache = new CacheDocument(List.of(
        new CacheDocument.Cache("sessions", 2, 1, 0.000122, 0.000061, 3, 1, List.of(
            new CacheDocument.Tier("L1", 1300, 4155, 0.238, 4154, 0, 0, 3954, 200, true),
            new CacheDocument.Tier("L2", 4152, 2, 0.9995, 2, 2, 1, 0, -1, false)),
            new CacheDocument.RedisL2("HALF_OPEN", 3, 4, 5, 6, 7)),
        new CacheDocument.Cache("products", 0, 0, 0, 0, 0, 0, List.of(), null)),
        List.of(new CacheDocument.RedisServer("redis://127.0.0.1:6379", "CLOSED", 100, 1, 2, 3, 4)));
    BatchDocument batch = new BatchDocument(new BatchDocument.Processor("optimizer-batch",
        new BatchDocument.Jobs(10, 1, 2, 3, 4, 5, 6), 2, 1000, 7, 123.5, 8, 9, 111.1, 0.0042, 4, List.of(
            new BatchDocument.JobProgress(7, "reindex \"all\"", "RUNNING", 500, 3, 1000, 0.5, 250.25, 2.0),
            new BatchDocument.JobProgress(8, "export", "QUEUED", 0, 0, -1, 0, 0, null))),
        List.of(new BatchDocument.Coalescer("prices", 100, 40, 10, 1, 6.0, 8.0)));
    CompressionDocument compression = new CompressionDocument("FAST", "AUTO", "BALANCED", List.of("LZ4", "ZSTD"),
        List.of(new CompressionDocument.AlgorithmFigures("ZSTD", 3.5,
            new CompressionDocument.Direction(10, 10_000, 2_857, 0.001, 10.0),
            new CompressionDocument.Direction(5, 1_000, 3_500, 0.0005, 7.0))), 2, 1,
        List.of(new CompressionDocument.KeyChoice("docs", "ZSTD"), new CompressionDocument.KeyChoice("blobs", "NONE")));
    LazyDocument lazy = new LazyDocument(new LazyDocument.Registry("default", 5, 1, 2, 0.5, 3, 1, true, List.of(
        new LazyDocument.Loader("config", "EAGER", "HIGH", 30.0, true, 4, 0, 2, 0.25),
        new LazyDocument.Loader("report", "LAZY", "LOW", null, false, 0, 1, 0, 0))),
        List.of(new LazyDocument.Loader("Service.load", "LAZY", "NORMAL", 1.5, true, 1, 0, 0, 0.001)));
    return new SnapshotDocument("2026-11-30T18:12:33.602Z", SYSTEM, cache, batch, compression, lazy, 3,
        List.of(new TuningEventsDocument.Event("2026-11-30T18:11:57.257Z", "compress", "level", "BALANCED",
            "FAST", "CPU pressure 99% >= threshold 80%")), Map.of("x", "dev.optimizer:optimizer-x"));
  }

  @Test
  void write_everyFieldSet_sameJsonAsDataBinding() {
    SnapshotDocument s = everyField();

    assertThat(new String(SnapshotJson.write(s), StandardCharsets.UTF_8)).isEqualTo(Json.write(s));
  }

  @Test
  void write_everyModuleAbsent_sameJsonAsDataBinding() {
    SnapshotDocument s = new SnapshotDocument("2026-11-30T18:12:33.602Z", SYSTEM, null, null, null, null, 0,
        List.of(), Map.of("cache", "dev.optimizer:optimizer-cache", "lazy", "dev.optimizer:optimizer-lazy"));

    assertThat(new String(SnapshotJson.write(s), StandardCharsets.UTF_8)).isEqualTo(Json.write(s));
  }
}
