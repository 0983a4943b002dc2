package dev.optimizer.bench.demo;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.MapDbConfig;
import dev.optimizer.cache.MapDbTier;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.CompressionModule;
import dev.optimizer.compress.CompressionStats;
import dev.optimizer.core.Optimizer;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Large text payloads: documents read several times each, kept between reads. */
final class DocumentPart implements DemoPart {
  /** Documents the optimized run keeps live in L1; the rest are read back from L3. */
  static final int L1_DOCUMENTS = 4;

  /** The plain implementation: what one writes without the optimizer, a map of raw strings. */
  static class MapCachedDocuments implements DocumentService {
    private final Backend backend;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    MapCachedDocuments(Backend backend) {
      this.backend = backend;
    }

    @Override
    public String document(String id) {
      return cache.computeIfAbsent(id, backend::document);
    }

    long bytesStored() {
      return cache.values().stream().mapToLong(Backend::bytes).sum();
    }
  }

  /** The backend with nothing in front: what the optimizer's proxy wraps. */
  static final class DirectDocuments implements DocumentService {
    private final Backend backend;

    DirectDocuments(Backend backend) {
      this.backend = backend;
    }

    @Override
    public String document(String id) {
      return backend.document(id);
    }
  }

  @Override
  public String name() {
    return "large payloads: " + Workloads.DOCUMENTS + " docs x " + Backend.DOCUMENT_BYTES / 1024 + " KiB, read "
        + Workloads.DOCUMENT_READS + "x";
  }

  @Override
  public PartResult plain(Backend backend) {
    long heapBefore = HeapProbe.usedAfterGc();
    MapCachedDocuments docs = new MapCachedDocuments(backend);
    long start = System.nanoTime();
    read(docs);
    double millis = (System.nanoTime() - start) / 1e6;
    long retained = HeapProbe.retainedSince(heapBefore);
    Reference.reachabilityFence(docs); // the documents are what we measure: held until after the reading
    return new PartResult(backend.calls(), millis, docs.bytesStored(), "", retained);
  }

  @Override
  public Optional<PartResult> optimized(Backend backend, Optimizer optimizer, Path dir) {
    CompressionEngine engine = optimizer.module(CompressionModule.class).engine();
    long heapBefore = HeapProbe.usedAfterGc();
    CountingTier l3 = new CountingTier(MapDbTier.open(MapDbConfig.ofDefaults(dir.resolve("documents-l3.db"))));
    // A small L1 (a few documents live) in front of a compressed disk tier holding them all, registered
    // before the proxy is made so @CacheResult(cache = "documents") uses it.
    try (TieredCache<String, Object> cache = TieredCache.<String, Object>builder(
            CacheConfig.custom("documents").l1MinimumSize(1).l1MaximumSize(L1_DOCUMENTS).build())
        .valueCodec(ValueCodec.of(v -> ((String) v).getBytes(StandardCharsets.UTF_8),
            b -> new String(b, StandardCharsets.UTF_8)))
        .l3(l3).compression(engine).build()) {
      optimizer.module(CacheModule.class).register(cache);
      DocumentService docs = optimizer.proxy(DocumentService.class, new DirectDocuments(backend));
      long start = System.nanoTime();
      read(docs);
      double millis = (System.nanoTime() - start) / 1e6;
      // Measured with the cache open and the proxy held: the heap the optimizer keeps for these documents.
      long retained = HeapProbe.retainedSince(heapBefore);
      Reference.reachabilityFence(docs);
      return Optional.of(new PartResult(backend.calls(), millis, l3.bytesStored(),
          "documents cache: " + TierSummary.of(cache.stats()) + "; stored = L3 bytes, compressed with "
              + algorithms(engine.stats()) + "; heap = retained after a full GC with the documents held",
          retained));
    }
  }

  private static String algorithms(CompressionStats stats) {
    StringBuilder sb = new StringBuilder();
    stats.compress().forEach((algorithm, d) -> sb.append(sb.length() == 0 ? "" : ", ").append(algorithm)
        .append(String.format(Locale.ROOT, " (%.1fx)", d.ratio(true))));
    return sb.length() == 0 ? "nothing" : sb.toString();
  }

  static void read(DocumentService docs) {
    for (int round = 0; round < Workloads.DOCUMENT_READS; round++) {
      for (int d = 0; d < Workloads.DOCUMENTS; d++) {
        String id = "doc-" + d;
        String text = docs.document(id);
        if (text.length() != Backend.documentText(id).length()) {
          throw new IllegalStateException("wrong document " + id);
        }
      }
    }
  }
}
