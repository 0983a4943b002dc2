package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java snippets of docs/compression.md and the README's compression quick start, compiled and run;
 * the regions between the tag markers are checked against README.md and docs/*.md by optimizer-bench's
 * ReadmeSnippetsCheckTest.
 */
class ReadmeCompressSnippetsTest {
  @TempDir
  Path dir;

  private static byte[] json() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 2000; i++) {
      sb.append("{\"id\":").append(i).append(",\"name\":\"user ").append(i % 37).append("\"},");
    }
    return sb.append("{}]").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void engineSnippet_everyCall_roundTripsAsCommented() throws IOException {
    byte[] json = json();
    byte[] sample = java.util.Arrays.copyOf(json, 8 * 1024);
    Path path = dir.resolve("stream.opz");
    Path source = dir.resolve("source.json");
    Path target = dir.resolve("source.json.opz");
    Files.write(source, json);
    byte[] frameOut;
    byte[] fastOut;
    byte[] backOut;
    Choice choiceOut;
    try (InputStream in = new ByteArrayInputStream(json)) {
      // tag::compress-engine[]
      try (CompressionEngine engine = CompressionEngine.create()) {
        byte[] frame = engine.compress(json, "user-json");        // automatic choice, cached per content key
        byte[] fast  = engine.compress(json, Algorithm.LZ4, Level.FAST);
        byte[] back  = engine.decompress(frame);                  // algorithm read from the frame

        Choice choice = engine.choose(sample, Goal.SPEED);        // what automatic selection measured
        System.out.println(engine.benchmark(sample));             // MB/s both ways and ratio, per algorithm and level

        try (OutputStream out = engine.newOutputStream(Files.newOutputStream(path), Algorithm.ZSTD, Level.BALANCED)) {
          in.transferTo(out);                                     // bounded memory, whatever the size
        }
        engine.compressFile(source, target, Algorithm.XZ, Level.MAXIMUM);  // atomic: temp file + move
        // end::compress-engine[]
        frameOut = frame;
        fastOut = fast;
        backOut = back;
        choiceOut = choice;
        assertThat(engine.inspect(fast).algorithm()).isEqualTo(Algorithm.LZ4);
        assertThat(engine.decompress(fast)).isEqualTo(json);
        try (InputStream decoded = engine.newInputStream(Files.newInputStream(path))) {
          assertThat(decoded.readAllBytes()).isEqualTo(json);
        }
        assertThat(engine.inspect(Files.readAllBytes(target)).algorithm()).isEqualTo(Algorithm.XZ);
        Path roundTrip = dir.resolve("round-trip.json");
        engine.decompressFile(target, roundTrip);
        assertThat(Files.readAllBytes(roundTrip)).isEqualTo(json);
        // tag::compress-engine[]
      }
      // end::compress-engine[]
    }
    assertThat(backOut).isEqualTo(json);
    assertThat(frameOut.length).isLessThan(json.length);
    assertThat(fastOut.length).isLessThan(json.length);
    assertThat(choiceOut.goal()).isEqualTo(Goal.SPEED);
    assertThat(choiceOut.candidates()).isNotEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file left behind")
          .containsExactlyInAnyOrder("stream.opz", "source.json", "source.json.opz", "round-trip.json");
    }
  }

  @Test
  void quickStartSnippet_compressThenDecompress_roundTrips() {
    byte[] json = json();
    byte[] frameOut;
    byte[] backOut;
    // tag::compress-quick[]
    try (CompressionEngine engine = CompressionEngine.create()) {
      byte[] frame = engine.compress(json, "user-json");        // automatic choice, cached per content key
      byte[] back  = engine.decompress(frame);                  // algorithm read from the frame
      // end::compress-quick[]
      frameOut = frame;
      backOut = back;
      assertThat(engine.inspect(frame).algorithm()).as("an algorithm recorded in the frame").isNotNull();
      // tag::compress-quick[]
    }
    // end::compress-quick[]
    assertThat(backOut).isEqualTo(json);
    assertThat(frameOut.length).isLessThan(json.length);
  }

  // tag::compress-annotations[]
  interface Documents {
    @Compress byte[] load(String id);               // the caller receives a frame
    void store(String id, @Decompress byte[] body); // the target receives the original bytes
  }
  // end::compress-annotations[]

  @Test
  void annotationsSnippet_loadReturnsFrameAndStoreReceivesOriginal() {
    byte[] original = json();
    AtomicReference<byte[]> stored = new AtomicReference<>();
    Documents target = new Documents() {
      @Override
      public byte[] load(String id) {
        return original;
      }

      @Override
      public void store(String id, byte[] body) {
        stored.set(body);
      }
    };
    try (Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build()).build()) {
      Documents documents = optimizer.proxy(Documents.class, target);
      CompressionEngine engine = optimizer.module(CompressionModule.class).engine();
      byte[] frame = documents.load("d1");
      assertThat(frame).isNotEqualTo(original);
      assertThat(engine.decompress(frame)).isEqualTo(original);
      documents.store("d1", frame);
      assertThat(stored.get()).isEqualTo(original);
    }
  }
}
