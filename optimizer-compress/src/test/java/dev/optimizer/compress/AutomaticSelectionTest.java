package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AutomaticSelectionTest {
  /** Moved by hand, so choice expiry never depends on real time. */
  private final FakeTicker ticker = new FakeTicker();
  /** Measures on the caller's thread, so each compress already reflects its key's measured choice. */
  private final CompressionEngine engine = CompressionEngine.create(CompressionConfig.custom().ticker(ticker)
      .recheckInterval(Duration.ofMinutes(5)).backgroundSelection(false).build());

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void choose_ratioGoal_picksTheSmallestOutput() {
    Choice choice = engine.choose(TestData.text(64 << 10, 1), Goal.RATIO);
    double best = choice.candidates().stream().mapToDouble(Choice.Candidate::ratio).max().orElseThrow();
    Choice.Candidate chosen = choice.candidates().stream().filter(c -> c.algorithm() == choice.algorithm())
        .findFirst().orElseThrow();
    assertThat(chosen.ratio()).isEqualTo(best);
    assertThat(choice.candidates()).hasSize(engine.availableAlgorithms().size() - 1);
  }

  @Test
  void choose_speedGoal_picksTheHighestScoringEligibleCandidate() {
    Choice choice = engine.choose(TestData.text(64 << 10, 2), Goal.SPEED);
    assertThat(choice.candidates().get(0).algorithm()).isEqualTo(choice.algorithm());
    assertThat(choice.candidates().get(0).eligible()).isTrue();
    assertThat(choice.candidates()).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
  }

  @Test
  void choose_randomBytes_choosesNone() {
    Choice choice = engine.choose(TestData.random(64 << 10, 3), Goal.BALANCED);
    assertThat(choice.algorithm()).isEqualTo(Algorithm.NONE);
    assertThat(choice.candidates()).allSatisfy(c -> assertThat(c.eligible()).isFalse());
  }

  @Test
  void compress_cachedChoicePerKey_keptUntilRecheckInterval() {
    byte[] random = TestData.random(50_000, 4);
    byte[] text = TestData.text(50_000, 5);
    assertThat(engine.inspect(engine.compress(random, "blobs")).algorithm()).isEqualTo(Algorithm.NONE);
    // Within the interval the cached NONE holds for the key, even for compressible content...
    ticker.advance(Duration.ofMinutes(4));
    assertThat(engine.inspect(engine.compress(text, "blobs")).algorithm()).isEqualTo(Algorithm.NONE);
    // ...while another key gets its own measurement.
    assertThat(engine.inspect(engine.compress(text, "docs")).algorithm()).isNotEqualTo(Algorithm.NONE);
    // After the interval the key is measured again.
    ticker.advance(Duration.ofMinutes(2));
    byte[] frame = engine.compress(text, "blobs");
    assertThat(engine.inspect(frame).algorithm()).isNotEqualTo(Algorithm.NONE);
    assertThat(engine.decompress(frame)).isEqualTo(text);
  }

  @Test
  void stats_listTheChoicesInForcePerKey_untilTheirRecheckInterval() {
    engine.compress(TestData.random(50_000, 8), "blobs");
    ticker.advance(Duration.ofMinutes(3));
    byte[] docs = engine.compress(TestData.text(50_000, 9), "docs");
    assertThat(engine.stats().choices()).containsExactly(
        java.util.Map.entry("blobs", Algorithm.NONE), java.util.Map.entry("docs", engine.inspect(docs).algorithm()));
    ticker.advance(Duration.ofMinutes(3)); // "blobs" is past its 5-minute recheck interval, "docs" is not
    assertThat(engine.stats().choices()).containsOnlyKeys("docs");
    try (CompressionEngine fixed = CompressionEngine.create(CompressionConfig.custom().algorithm(Algorithm.GZIP)
        .build())) {
      fixed.compress(TestData.text(10_000, 10), "docs");
      assertThat(fixed.stats().choices()).isEmpty();
    }
  }

  @Test
  void compress_cachedAlgorithmMeetsIncompressibleData_storesNone() {
    byte[] text = TestData.text(50_000, 6);
    assertThat(engine.inspect(engine.compress(text, "mixed")).algorithm()).isNotEqualTo(Algorithm.NONE);
    byte[] random = TestData.random(50_000, 7);
    byte[] frame = engine.compress(random, "mixed");
    assertThat(engine.inspect(frame).algorithm()).isEqualTo(Algorithm.NONE);
    assertThat(frame.length).isEqualTo(random.length + 24);
    assertThat(engine.stats().storedUncompressed()).isEqualTo(1);
  }

  @Test
  void compress_configuredAlgorithm_usedWithoutMeasuring() {
    try (CompressionEngine fixed = CompressionEngine.create(CompressionConfig.custom().algorithm(Algorithm.LZ4)
        .level(Level.FAST).build())) {
      byte[] frame = fixed.compress(TestData.random(10_000, 8));
      assertThat(fixed.inspect(frame).algorithm()).isEqualTo(Algorithm.LZ4);
      assertThat(fixed.inspect(frame).level()).isEqualTo(Level.FAST);
    }
  }

  @Test
  void benchmark_sample_reportsEveryAlgorithmAndLevel() {
    BenchmarkReport report = engine.benchmark(TestData.text(16 << 10, 9));
    assertThat(report.rows()).hasSize(engine.availableAlgorithms().size() * 3);
    assertThat(report.rows()).allSatisfy(r -> {
      assertThat(r.compressMbPerSecond()).isPositive();
      assertThat(r.decompressMbPerSecond()).isPositive();
    });
    assertThat(report.rows().stream().filter(r -> r.algorithm() == Algorithm.XZ).findFirst().orElseThrow().ratio())
        .isGreaterThan(2);
    assertThat(report.toString()).contains("ZSTD", "MAXIMUM", "comp MB/s");
  }

  @Test
  void compress_backgroundSelection_firstCallProvisionalThenMeasuredChoice() {
    try (CompressionEngine bg = CompressionEngine.create(CompressionConfig.custom().ticker(ticker)
        .recheckInterval(Duration.ofMinutes(5)).build())) {
      byte[] random = TestData.random(50_000, 11);
      // Not yet measured: the provisional algorithm (ZSTD for BALANCED) is tried, and random bytes that
      // do not compress are stored raw as always.
      byte[] first = bg.compress(random, "blobs");
      assertThat(bg.decompress(first)).isEqualTo(random);
      byte[] text = TestData.text(50_000, 12);
      byte[] provisional = bg.compress(text, "docs");
      assertThat(bg.decompress(provisional)).isEqualTo(text);
      // The measurement of "blobs" (on random bytes) ends in NONE, after which even text under that key
      // is stored raw until the recheck interval, exactly as with measuring on the caller's thread.
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(bg.inspect(bg.compress(text, "blobs")).algorithm()).isEqualTo(Algorithm.NONE));
      assertThat(bg.inspect(bg.compress(text, "docs")).algorithm()).isNotEqualTo(Algorithm.NONE);
    }
  }

  @Test
  void compress_backgroundSelection_staleChoiceServesWhileRemeasured() {
    try (CompressionEngine bg = CompressionEngine.create(CompressionConfig.custom().ticker(ticker)
        .recheckInterval(Duration.ofMinutes(5)).build())) {
      byte[] random = TestData.random(50_000, 13);
      bg.compress(random, "k");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(bg.inspect(bg.compress(TestData.text(50_000, 14), "k")).algorithm())
              .isEqualTo(Algorithm.NONE));
      // Past the interval the old choice (NONE) still answers at once while text is measured...
      ticker.advance(Duration.ofMinutes(6));
      byte[] text = TestData.text(50_000, 15);
      assertThat(bg.inspect(bg.compress(text, "k")).algorithm()).isEqualTo(Algorithm.NONE);
      // ...and the new measurement takes over.
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(bg.inspect(bg.compress(text, "k")).algorithm()).isNotEqualTo(Algorithm.NONE));
    }
  }

  @Test
  void close_backgroundSelection_stopsTheSelectionThread() {
    java.util.Set<Thread> before = selectionThreads();
    CompressionEngine bg = CompressionEngine.create(CompressionConfig.ofDefaults());
    bg.compress(TestData.text(50_000, 16), "x");
    java.util.Set<Thread> mine = selectionThreads();
    mine.removeAll(before);
    assertThat(mine).as("the engine's own selection thread").hasSize(1);
    assertThat(mine).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    bg.close();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> mine.stream().noneMatch(Thread::isAlive));
  }

  private static java.util.Set<Thread> selectionThreads() {
    java.util.Set<Thread> out = new java.util.HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("optimizer-compress-selection-") && t.isAlive()) {
        out.add(t);
      }
    }
    return out;
  }
}
