package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stream frames read whole by {@code decompress(byte[])}: sized from their chunk headers before anything
 * is allocated, so a bomb fails typed and a legitimate frame needs about one copy of its output; and every
 * frame kind rejects bytes after its end, through {@code decompress} and through {@code newInputStream}.
 */
class StreamFrameTest {
  /** Small blocks so a few KB make a block frame and a multi-chunk stream frame. */
  private static final CompressionEngine ENGINE = CompressionEngine.create(CompressionConfig.custom()
      .blockSize(4096).parallelThreshold(4096).workers(2).build());

  @TempDir
  Path dir;

  @AfterAll
  static void close() {
    ENGINE.close();
  }

  enum Kind {
    SINGLE, BLOCKS, STREAM
  }

  private static byte[] frame(Kind kind, byte[] data) throws IOException {
    return switch (kind) {
      case SINGLE -> ENGINE.compress(Arrays.copyOf(data, 3000), Algorithm.ZSTD, Level.FAST);
      case BLOCKS -> ENGINE.compress(data, Algorithm.ZSTD, Level.FAST);
      case STREAM -> {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = ENGINE.newOutputStream(bos, Algorithm.ZSTD, Level.FAST)) {
          out.write(data);
        }
        yield bos.toByteArray();
      }
    };
  }

  /** The frame followed by one zero byte, by garbage, and by a second copy of itself. */
  private static List<byte[]> withTrailingBytes(byte[] frame) {
    byte[] twice = Arrays.copyOf(frame, frame.length * 2);
    System.arraycopy(frame, 0, twice, frame.length, frame.length);
    byte[] garbage = Arrays.copyOf(frame, frame.length + 7);
    System.arraycopy("garbage".getBytes(StandardCharsets.US_ASCII), 0, garbage, frame.length, 7);
    return List.of(Arrays.copyOf(frame, frame.length + 1), garbage, twice);
  }

  // Regression: issue 11 item 7
  @ParameterizedTest
  @EnumSource(Kind.class)
  void decompress_trailingBytesAfterFrame_throwsCorruptData(Kind kind) throws IOException {
    byte[] data = TestData.text(10_000, 21);
    byte[] frame = frame(kind, data);
    assertThat(ENGINE.decompress(frame)).isEqualTo(kind == Kind.SINGLE ? Arrays.copyOf(data, 3000) : data);
    for (byte[] longer : withTrailingBytes(frame)) {
      assertThat(catchThrowable(() -> ENGINE.decompress(longer)))
          .as("%s frame of %d bytes with %d trailing bytes", kind, frame.length, longer.length - frame.length)
          .isInstanceOf(CorruptDataException.class);
    }
  }

  // Regression: issue 11 item 7
  @ParameterizedTest
  @EnumSource(Kind.class)
  void newInputStream_trailingBytesAfterFrame_failsWithCorruptCause(Kind kind) throws IOException {
    byte[] frame = frame(kind, TestData.text(10_000, 22));
    for (byte[] longer : withTrailingBytes(frame)) {
      try (InputStream in = ENGINE.newInputStream(new ByteArrayInputStream(longer))) {
        assertThat(catchThrowable(() -> in.transferTo(OutputStream.nullOutputStream())))
            .as("%s frame of %d bytes with %d trailing bytes", kind, frame.length, longer.length - frame.length)
            .isInstanceOf(IOException.class).hasCauseInstanceOf(CorruptDataException.class);
        // A caller that ignores the failure must not be handed a clean end of stream on the next read.
        assertThat(catchThrowable(in::read)).isInstanceOf(IOException.class)
            .hasCauseInstanceOf(CorruptDataException.class);
      }
    }
  }

  // Regression: issue 11 item 7
  @Test
  void decompress_streamFrameWithTrailingBytes_namesTheTrailingBytes() throws IOException {
    byte[] frame = frame(Kind.STREAM, TestData.text(10_000, 23));
    byte[] longer = Arrays.copyOf(frame, frame.length + 3);
    assertThat(catchThrowable(() -> ENGINE.decompress(longer))).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("3 bytes after");
    try (InputStream in = ENGINE.newInputStream(new ByteArrayInputStream(longer))) {
      assertThat(catchThrowable(in::readAllBytes)).isInstanceOf(IOException.class)
          .hasMessageContaining("after");
    }
  }

  // Regression: issue 11 item 7
  @Test
  void decompress_streamFrameOfManyChunksAndShortTail_returnsOriginal() throws IOException {
    byte[] data = TestData.text(4096 * 25 + 17, 24);
    byte[] frame = frame(Kind.STREAM, data);
    assertThat(ENGINE.decompress(frame)).isEqualTo(data);
  }

  // Regression: issue 11 item 7
  @Test
  void decompress_gibibyteOfZerosStreamFrameInHalfGibibyteHeap_throwsSizeLimit() throws Exception {
    String output = runProbe("bomb");
    assertThat(output).contains("OUTCOME SizeLimitExceededException").contains("limit=268435456")
        .doesNotContain("OutOfMemoryError");
  }

  // Regression: issue 11 item 7
  @Test
  void decompress_250MibStreamFrameInHalfGibibyteHeap_returnsOriginal() throws Exception {
    String output = runProbe("large", "250");
    assertThat(output).contains("OUTCOME ok length=" + (250L * StreamFrameHeapProbe.MIB + 12345))
        .doesNotContain("OutOfMemoryError");
  }

  /** Runs {@link StreamFrameHeapProbe} in a child JVM with a 512 MiB heap; returns its output once it exited 0. */
  private String runProbe(String... args) throws IOException, InterruptedException {
    Path log = dir.resolve("probe.log");
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), StreamFrameHeapProbe.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log);
    assertThat(exited).as("probe finished within 120 s; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("probe exit code; output:%n%s", output).isZero();
    return output;
  }
}
