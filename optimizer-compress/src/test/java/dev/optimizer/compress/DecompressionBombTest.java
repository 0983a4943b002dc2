package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdOutputStream;
import dev.optimizer.compress.internal.FrameForgery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decompression bombs: headers declaring far more than the limit, and real payloads of 1 GiB of zeros
 * behind headers declaring little. Allocation is measured on the calling thread, so "never allocate past
 * the limit" is asserted, not assumed.
 */
class DecompressionBombTest {
  private static final long GIB = 1L << 30;
  private static final int MIB = 1 << 20;
  private static final CompressionEngine ENGINE = CompressionEngine.create();
  /** Raw codec payloads (no frame) of 1 GiB of zeros, made with each library's own streaming encoder. */
  private static final Map<Algorithm, byte[]> GIB_OF_ZEROS = new EnumMap<>(Algorithm.class);

  @BeforeAll
  static void makeBombs() throws IOException {
    com.aayushatharva.brotli4j.Brotli4jLoader.ensureAvailability();
    GIB_OF_ZEROS.put(Algorithm.ZSTD, zeros(out -> new ZstdOutputStream(out, 1)));
    GIB_OF_ZEROS.put(Algorithm.GZIP, zeros(out -> new GZIPOutputStream(out, 1 << 16) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }));
    GIB_OF_ZEROS.put(Algorithm.BROTLI, zeros(out -> new BrotliOutputStream(out,
        new Encoder.Parameters().setQuality(1))));
  }

  @AfterAll
  static void close() {
    ENGINE.close();
  }

  private interface Wrapper {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] zeros(Wrapper wrapper) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    byte[] mib = new byte[MIB];
    try (OutputStream out = wrapper.wrap(bos)) {
      for (int i = 0; i < 1024; i++) {
        out.write(mib);
      }
    }
    return bos.toByteArray();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  @Test
  void decompress_headerDeclaresTenGiB_throwsSizeLimitWithoutAllocating() {
    byte[] single = FrameForgery.single(Algorithm.ZSTD, Level.FAST, 10 * GIB, 0, GIB_OF_ZEROS.get(Algorithm.ZSTD));
    byte[] blocks = FrameForgery.blocks(Algorithm.ZSTD, 10 * GIB, 64 * MIB, 160, GIB_OF_ZEROS.get(Algorithm.ZSTD));
    for (byte[] frame : new byte[][] {single, blocks}) {
      long before = allocatedBytes();
      Throwable thrown = catchThrowable(() -> ENGINE.decompress(frame));
      long allocated = allocatedBytes() - before;
      assertThat(thrown).isInstanceOf(SizeLimitExceededException.class).hasMessageContaining("10737418240");
      assertThat(((SizeLimitExceededException) thrown).limit()).isEqualTo(256L * MIB);
      assertThat(allocated).as("bytes allocated while rejecting").isLessThan(MIB);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Algorithm.class, names = {"ZSTD", "GZIP", "BROTLI"})
  void decompress_gibibyteOfZerosDeclaredAsOneMiB_rejectedWithoutExpanding(Algorithm algorithm) {
    byte[] frame = FrameForgery.single(algorithm, Level.FAST, MIB, 0, GIB_OF_ZEROS.get(algorithm));
    long before = allocatedBytes();
    Throwable thrown = catchThrowable(() -> ENGINE.decompress(frame));
    long allocated = allocatedBytes() - before;
    assertThat(thrown).isInstanceOf(CorruptDataException.class).hasMessageContaining(algorithm.name());
    assertThat(allocated).as("bytes allocated while rejecting").isLessThan(16L * MIB);
  }

  @ParameterizedTest
  @EnumSource(value = Algorithm.class, names = {"ZSTD", "GZIP", "BROTLI"})
  void decompress_gibibyteOfZerosDeclaredTruthfully_throwsSizeLimit(Algorithm algorithm) {
    byte[] frame = FrameForgery.single(algorithm, Level.FAST, GIB, 0, GIB_OF_ZEROS.get(algorithm));
    long before = allocatedBytes();
    assertThat(catchThrowable(() -> ENGINE.decompress(frame))).isInstanceOf(SizeLimitExceededException.class);
    assertThat(allocatedBytes() - before).isLessThan(MIB);
  }

  @Test
  void decompress_blockFrameHidingGibibyteInOneBlock_rejectedWithoutExpanding() {
    byte[] frame = FrameForgery.blocks(Algorithm.ZSTD, MIB, MIB, 1, GIB_OF_ZEROS.get(Algorithm.ZSTD));
    assertThat(catchThrowable(() -> ENGINE.decompress(frame))).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("ZSTD");
  }

  @Test
  void newInputStream_chunkHidingGibibyte_failsWithBoundedMemory() throws IOException {
    byte[] frame = FrameForgery.stream(Algorithm.ZSTD, MIB, MIB, GIB_OF_ZEROS.get(Algorithm.ZSTD));
    long before = allocatedBytes();
    try (InputStream in = ENGINE.newInputStream(new java.io.ByteArrayInputStream(frame))) {
      Throwable thrown = catchThrowable(() -> in.transferTo(OutputStream.nullOutputStream()));
      assertThat(thrown).isInstanceOf(IOException.class).hasCauseInstanceOf(CorruptDataException.class);
    }
    assertThat(allocatedBytes() - before).isLessThan(16L * MIB);
    assertThat(catchThrowable(() -> ENGINE.decompress(frame))).isInstanceOf(CorruptDataException.class);
  }

  @Test
  void newInputStream_streamDeclaringGibibyteChunks_rejected() {
    byte[] frame = FrameForgery.stream(Algorithm.ZSTD, (int) GIB, (int) GIB, GIB_OF_ZEROS.get(Algorithm.ZSTD));
    long before = allocatedBytes();
    assertThat(catchThrowable(() -> ENGINE.decompress(frame))).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("chunk size");
    assertThat(allocatedBytes() - before).isLessThan(MIB);
  }
}
