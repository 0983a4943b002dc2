package dev.optimizer.compress.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.CorruptDataException;

/**
 * Jazzer fuzz target for {@link CompressionEngine#decompress(byte[])}: any byte string either decodes or
 * is rejected with a {@link CorruptDataException}; anything else (another exception, a crash, an
 * OutOfMemoryError) is a finding. In the normal test run Jazzer runs in regression mode over the seed
 * frames in {@code DecompressFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class DecompressFuzzTest {
  private static final CompressionEngine ENGINE = CompressionEngine.create(CompressionConfig.custom()
      .maxDecompressedSize(8 << 20).workers(1).build());

  @FuzzTest(maxDuration = "60s")
  void decompress_arbitraryBytes_decodesOrThrowsCorruptData(byte[] input) {
    try {
      ENGINE.decompress(input);
    } catch (CorruptDataException expected) {
      // the only acceptable failure
    }
  }
}
