package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.spi.TierUnavailableException;
import dev.optimizer.core.testing.FakeTicker;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbTierTest {
  @TempDir
  Path dir;

  private MapDbConfig.Builder config() {
    return MapDbConfig.custom(dir.resolve("l3.db"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void put_closeAndReopen_hit() {
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      tier.put("a", bytes("alpha"), Duration.ZERO);
      tier.put("b", bytes("beta"), Duration.ofHours(1));
    }
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      assertThat(tier.get("a")).isEqualTo(bytes("alpha"));
      assertThat(tier.get("b")).isEqualTo(bytes("beta"));
      assertThat(tier.recreations()).isZero();
      assertThat(tier.estimatedSize()).isEqualTo(2);
    }
  }

  @Test
  void get_afterTtl_absent() {
    FakeTicker ticker = new FakeTicker();
    try (MapDbTier tier = MapDbTier.open(config().ticker(ticker).build())) {
      tier.put("k", bytes("v"), Duration.ofSeconds(10));
      ticker.advance(Duration.ofSeconds(9));
      assertThat(tier.get("k")).isEqualTo(bytes("v"));
      ticker.advance(Duration.ofSeconds(1));
      assertThat(tier.get("k")).isNull();
    }
  }

  @Test
  void put_beyondMaxEntries_evictsDownToBound() {
    try (MapDbTier tier = MapDbTier.open(config().maxEntries(100).build())) {
      for (int i = 0; i < 500; i++) {
        tier.put("k" + i, bytes("v" + i), Duration.ZERO);
      }
      assertThat(tier.estimatedSize()).isBetween(1L, 100L);
      assertThat(tier.evictions()).isEqualTo(500 - tier.estimatedSize());
      for (int i = 0; i < 500; i++) {
        byte[] v = tier.get("k" + i);
        if (v != null) {
          assertThat(v).isEqualTo(bytes("v" + i));
        }
      }
    }
  }

  @Test
  void getAllAndInvalidateMatching_glob_removesOnlyMatches() {
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      tier.putAll(Map.of("users:1", bytes("u1"), "users:2", bytes("u2"), "orders:1", bytes("o1")),
          Duration.ZERO);
      assertThat(tier.getAll(List.of("users:1", "users:2", "nope"))).containsOnlyKeys("users:1", "users:2");
      assertThat(tier.invalidateMatching("users:*")).isEqualTo(2);
      assertThat(tier.get("users:1")).isNull();
      assertThat(tier.get("orders:1")).isEqualTo(bytes("o1"));
      tier.invalidateAll();
      assertThat(tier.estimatedSize()).isZero();
    }
  }

  @Test
  void open_garbageFile_recreatedEmptyAndUsable() throws Exception {
    Path file = dir.resolve("l3.db");
    byte[] garbage = new byte[64 * 1024];
    new java.util.Random(42).nextBytes(garbage);
    Files.write(file, garbage);
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      assertThat(tier.recreations()).isEqualTo(1);
      assertThat(tier.get("x")).isNull();
      tier.put("x", bytes("fresh"), Duration.ZERO);
      assertThat(tier.get("x")).isEqualTo(bytes("fresh"));
    }
  }

  @Test
  void open_truncatedFile_recreatedOrIntact_neverWrongValues() throws Exception {
    Path file = dir.resolve("l3.db");
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      for (int i = 0; i < 200; i++) {
        tier.put("k" + i, bytes("value-" + i + "-" + "x".repeat(50)), Duration.ZERO);
      }
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() / 2);
    }
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      for (int i = 0; i < 200; i++) {
        byte[] v = tier.get("k" + i);
        if (v != null) {
          assertThat(v).isEqualTo(bytes("value-" + i + "-" + "x".repeat(50)));
        }
      }
    }
  }

  @Test
  void get_valueBytesFlippedOnDisk_missNotWrongValue() throws Exception {
    Path file = dir.resolve("l3.db");
    String marker = "MARKER-0123456789-MARKER";
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      tier.put("victim", bytes(marker), Duration.ZERO);
      tier.put("other", bytes("untouched"), Duration.ZERO);
    }
    byte[] content = Files.readAllBytes(file);
    int at = indexOf(content, bytes(marker));
    assertThat(at).as("value bytes are in the store file").isNotNegative();
    content[at + 3] ^= 0x20;
    Files.write(file, content);
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      assertThat(tier.get("victim")).isNull();
      byte[] other = tier.get("other");
      if (other != null) {
        assertThat(other).isEqualTo(bytes("untouched"));
      }
      assertThat(tier.corruptValues() + tier.recreations()).isPositive();
    }
  }

  @Test
  void get_afterClose_throwsTierUnavailable() {
    MapDbTier tier = MapDbTier.open(config().build());
    tier.close();
    tier.close();
    assertThatThrownBy(() -> tier.put("k", bytes("v"), Duration.ZERO))
        .isInstanceOf(TierUnavailableException.class).hasMessageContaining("closed");
  }

  @Test
  void config_badSettings_rejectedWithTheirName() {
    assertThatThrownBy(() -> config().maxEntries(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries");
    assertThatThrownBy(() -> config().syncInterval(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncInterval");
    assertThatThrownBy(() -> config().checkpointBytes(10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpointBytes");
    assertThatThrownBy(() -> config().checkpointInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpointInterval");
    assertThatThrownBy(() -> MapDbConfig.custom(dir).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("directory");
  }

  @Test
  void open_fileHeldByAnotherOpenStore_refusedAndOtherStoreIntact() {
    try (MapDbTier first = MapDbTier.open(config().build())) {
      first.put("k", bytes("v"), Duration.ZERO);
      assertThatThrownBy(() -> MapDbTier.open(config().build())).isInstanceOf(TierUnavailableException.class)
          .hasMessageContaining("locked");
      assertThat(first.get("k")).isEqualTo(bytes("v"));
      assertThat(first.recreations()).isZero();
    }
  }

  @Test
  void get_onInterruptedThreadWithFileChannel_storeReopenedAndKeepsItsData() {
    // An interrupt closes a FileChannel for every thread; a memory-mapped store is not affected.
    try (MapDbTier tier = MapDbTier.open(config().mmap(false).build())) {
      for (int i = 0; i < 100; i++) {
        tier.put("k" + i, bytes("v" + i), Duration.ZERO);
      }
      // The channel dies with MapDB's uncommitted state; the journal brings those writes back.
      Thread.currentThread().interrupt();
      try {
        for (int i = 0; i < 100; i++) {
          byte[] v = tier.get("k" + i);
          if (v != null) {
            assertThat(v).isEqualTo(bytes("v" + i));
          }
        }
      } finally {
        Thread.interrupted();
      }
      for (int i = 0; i < 100; i++) {
        assertThat(tier.get("k" + i)).isEqualTo(bytes("v" + i));
      }
      assertThat(tier.recreations()).isZero();
    }
  }

  @Test
  void put_manyThreadsWithBackgroundCommits_everyValueReadBack() throws Exception {
    try (MapDbTier tier = MapDbTier.open(config().syncInterval(Duration.ofMillis(1)).build())) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        java.util.List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          fs.add(pool.submit(() -> {
            for (int i = 0; i < 500; i++) {
              tier.put("t" + thread + ":" + i, bytes("v" + thread + ":" + i), Duration.ZERO);
              tier.get("t" + thread + ":" + (i / 2));
            }
          }));
        }
        for (var f : fs) {
          f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      for (int t = 0; t < 4; t++) {
        for (int i = 0; i < 500; i++) {
          assertThat(tier.get("t" + t + ":" + i)).isEqualTo(bytes("v" + t + ":" + i));
        }
      }
    }
  }

  /** No background checkpoint during the test: the crash copies must see the journal as the test left it. */
  private MapDbConfig quietConfig() {
    return config().checkpointInterval(Duration.ofHours(1)).build();
  }

  /**
   * What a crash leaves: a copy of the store file and the journal taken while the tier is open and
   * writing (the MapDB file changes only at checkpoints, so this is the state a SIGKILL would leave).
   */
  private Path crashCopy() throws Exception {
    Path crashed = Files.createDirectories(dir.resolve("crashed"));
    Files.copy(dir.resolve("l3.db"), crashed.resolve("l3.db"));
    Files.copy(dir.resolve("l3.db.journal"), crashed.resolve("l3.db.journal"));
    return crashed.resolve("l3.db");
  }

  @Test
  void open_afterDeathWithoutClose_journalBringsBackEveryWriteSinceTheCheckpoint() throws Exception {
    Path crashed;
    try (MapDbTier tier = MapDbTier.open(quietConfig())) {
      tier.put("old", bytes("checkpointed"), Duration.ZERO);
      tier.checkpoint();
      for (int i = 0; i < 100; i++) {
        tier.put("k" + i, bytes("v" + i), Duration.ZERO);
      }
      tier.invalidate("k7");
      tier.put("old", bytes("rewritten"), Duration.ZERO);
      crashed = crashCopy();
    }
    try (MapDbTier tier = MapDbTier.open(MapDbConfig.custom(crashed).build())) {
      assertThat(tier.recreations()).isZero();
      assertThat(tier.replayedWrites()).isEqualTo(102);
      assertThat(tier.get("old")).isEqualTo(bytes("rewritten"));
      assertThat(tier.get("k7")).isNull();
      for (int i = 0; i < 100; i++) {
        if (i != 7) {
          assertThat(tier.get("k" + i)).isEqualTo(bytes("v" + i));
        }
      }
    }
  }

  @Test
  void open_checkpointTornByCrash_recreatedWithJournalWritesAndNoWrongValue() throws Exception {
    Path crashed;
    try (MapDbTier tier = MapDbTier.open(quietConfig())) {
      for (int i = 0; i < 300; i++) {
        tier.put("before" + i, bytes("b" + i + "-".repeat(40)), Duration.ZERO);
      }
      tier.checkpoint();
      for (int i = 0; i < 50; i++) {
        tier.put("after" + i, bytes("a" + i), Duration.ZERO);
      }
      crashed = crashCopy();
    }
    // The kill landed inside MapDB's in-place commit: the marker is left and the file is half-written.
    Files.write(crashed.resolveSibling("l3.db.checkpoint"), new byte[0]);
    try (RandomAccessFile raf = new RandomAccessFile(crashed.toFile(), "rw")) {
      byte[] garbage = new byte[(int) (raf.length() / 2)];
      new java.util.Random(7).nextBytes(garbage);
      raf.seek(raf.length() / 4);
      raf.write(garbage);
    }
    try (MapDbTier tier = MapDbTier.open(MapDbConfig.custom(crashed).build())) {
      assertThat(tier.recreations()).isEqualTo(1);
      for (int i = 0; i < 50; i++) {
        assertThat(tier.get("after" + i)).as("journaled write after%d", i).isEqualTo(bytes("a" + i));
      }
      for (int i = 0; i < 300; i++) {
        byte[] v = tier.get("before" + i);
        if (v != null) {
          assertThat(v).isEqualTo(bytes("b" + i + "-".repeat(40)));
        }
      }
    }
    assertThat(crashed.resolveSibling("l3.db.checkpoint")).doesNotExist();
  }

  @Test
  void open_checkpointMarkerLeft_storeDiscardedEvenIfItVerifies_journalReplayed() throws Exception {
    Path crashed;
    try (MapDbTier tier = MapDbTier.open(quietConfig())) {
      for (int i = 0; i < 200; i++) {
        tier.put("k" + i, bytes("v" + i), Duration.ZERO);
      }
      tier.checkpoint();
      tier.put("late", bytes("journaled"), Duration.ZERO);
      tier.invalidate("k1");
      crashed = crashCopy();
    }
    // Killed inside (or just after) a checkpoint: the file may look sound yet point at stale values.
    Files.write(crashed.resolveSibling("l3.db.checkpoint"), new byte[0]);
    try (MapDbTier tier = MapDbTier.open(MapDbConfig.custom(crashed).build())) {
      assertThat(tier.recreations()).isEqualTo(1);
      assertThat(tier.get("late")).isEqualTo(bytes("journaled"));
      assertThat(tier.get("k1")).isNull();
      assertThat(tier.get("k2")).as("entries older than the previous checkpoint are dropped").isNull();
      assertThat(tier.estimatedSize()).isEqualTo(1);
    }
    assertThat(crashed.resolveSibling("l3.db.checkpoint")).doesNotExist();
  }

  @Test
  void open_journalCutMidRecord_everyWholeRecordReplayed() throws Exception {
    Path crashed;
    try (MapDbTier tier = MapDbTier.open(quietConfig())) {
      for (int i = 0; i < 20; i++) {
        tier.put("k" + i, bytes("value-" + i), Duration.ZERO);
      }
      crashed = crashCopy();
    }
    Path journal = crashed.resolveSibling("l3.db.journal");
    try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
      raf.setLength(raf.length() - 3);
    }
    try (MapDbTier tier = MapDbTier.open(MapDbConfig.custom(crashed).build())) {
      assertThat(tier.replayedWrites()).isEqualTo(19);
      for (int i = 0; i < 19; i++) {
        assertThat(tier.get("k" + i)).isEqualTo(bytes("value-" + i));
      }
      assertThat(tier.get("k19")).isNull();
    }
  }

  @Test
  void put_thenQuiet_checkpointIntervalCommitsJournal() throws Exception {
    FakeTicker ticker = new FakeTicker();
    try (MapDbTier tier = MapDbTier.open(config().checkpointInterval(Duration.ofMinutes(1)).ticker(ticker)
        .build())) {
      tier.put("k", bytes("v"), Duration.ZERO);
      // The interval is measured on the ticker: moving it is what makes the checkpoint due; the background
      // check (every 100 ms of real time) then commits the journal.
      ticker.advance(Duration.ofMinutes(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> tier.checkpoints() >= 1);
      assertThat(tier.checkpoints()).isEqualTo(1);
      assertThat(Files.size(dir.resolve("l3.db.journal"))).isEqualTo(8);
    }
  }

  @Test
  void bindTo_countsReplayCheckpointsAndJournalBytes() throws Exception {
    Path crashed;
    try (MapDbTier tier = MapDbTier.open(config().checkpointInterval(Duration.ofHours(1)).build())) {
      tier.put("a", bytes("1"), Duration.ZERO);
      tier.put("b", bytes("2"), Duration.ZERO);
      crashed = crashCopy();
    }
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (MapDbTier tier = MapDbTier.open(MapDbConfig.custom(crashed).checkpointInterval(Duration.ofHours(1))
        .build())) {
      tier.bindTo(registry);
      assertThat(registry.get("optimizer.cache.l3.journal.replayed").functionCounter().count()).isEqualTo(2);
      assertThat(registry.get("optimizer.cache.l3.checkpoints").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("optimizer.cache.l3.recreations").tag("file", "l3.db").functionCounter().count())
          .isZero();
      tier.put("c", bytes("3"), Duration.ZERO);
      assertThat(registry.get("optimizer.cache.l3.journal.bytes").gauge().value()).isGreaterThan(8);
    }
  }

  @Test
  void close_checkpointsAndEmptiesTheJournal() throws Exception {
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      tier.put("k", bytes("v"), Duration.ZERO);
      assertThat(Files.size(dir.resolve("l3.db.journal"))).isGreaterThan(8);
    }
    assertThat(Files.size(dir.resolve("l3.db.journal"))).isEqualTo(8);
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      assertThat(tier.replayedWrites()).isZero();
      assertThat(tier.get("k")).isEqualTo(bytes("v"));
    }
  }

  @Test
  void put_pastCheckpointBytes_backgroundCheckpointsKeepJournalBounded() throws Exception {
    try (MapDbTier tier = MapDbTier.open(config().checkpointBytes(4096)
        .checkpointInterval(Duration.ofHours(1)).build())) {
      long maxJournal = 0;
      for (int round = 0; round < 100; round++) {
        for (int i = 0; i < 10; i++) {
          tier.put("k" + (round * 10 + i), new byte[100], Duration.ZERO);
        }
        long journal = Files.size(dir.resolve("l3.db.journal"));
        maxJournal = Math.max(maxJournal, journal);
        if (journal >= 4096) {
          // Wait for the background check to checkpoint rather than for a fixed time.
          await().atMost(Duration.ofSeconds(10))
              .until(() -> Files.size(dir.resolve("l3.db.journal")) < 4096);
        }
      }
      // 100 rounds of ~1.3 KB: without checkpoints the journal would reach ~130 KB. The bound leaves
      // the 100 ms background check seconds of slack on a loaded machine.
      assertThat(tier.checkpoints()).isGreaterThanOrEqualTo(2);
      assertThat(maxJournal).isLessThan(12 * 4096);
      for (int i = 0; i < 1000; i++) {
        assertThat(tier.get("k" + i)).hasSize(100);
      }
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // Issue 12, one metrics pattern.
  @Test
  void stats_afterWritesAndSync_reportsCountersAndJournal() {
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      tier.put("a", bytes("alpha"), Duration.ZERO);
      tier.sync();

      MapDbTierStats s = tier.stats();
      assertThat(s.recreations()).isZero();
      assertThat(s.corruptValues()).isZero();
      assertThat(s.syncFailures()).isZero();
      assertThat(s.checkpoints()).isEqualTo(tier.checkpoints());
      assertThat(s.journalBytes()).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void open_withRegistryAround_registersNothingUntilBound() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      tier.put("a", bytes("alpha"), Duration.ZERO);
      assertThat(registry.getMeters()).isEmpty();

      tier.metrics().bindTo(registry);
      assertThat(registry.getMeters()).isNotEmpty();
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    }
  }

  @Test
  void metrics_bound_exposesDocumentedL3MetersTaggedWithTierAndFile() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (MapDbTier tier = MapDbTier.open(config().build())) {
      tier.metrics().bindTo(registry);

      assertThat(registry.getMeters()).allSatisfy(m -> {
        assertThat(m.getId().getName()).startsWith("optimizer.cache.l3.");
        assertThat(m.getId().getTag("file")).isEqualTo("l3.db");
        assertThat(m.getId().getTag("tier")).isNotBlank();
      });
      assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsExactlyInAnyOrder(
          "optimizer.cache.l3.recreations", "optimizer.cache.l3.corrupt.values", "optimizer.cache.l3.journal.replayed",
          "optimizer.cache.l3.checkpoints", "optimizer.cache.l3.sync.failures", "optimizer.cache.l3.journal.bytes");
    }
  }
}
