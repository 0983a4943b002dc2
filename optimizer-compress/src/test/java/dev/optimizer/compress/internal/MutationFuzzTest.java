package dev.optimizer.compress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.CorruptDataException;
import dev.optimizer.compress.Level;
import dev.optimizer.compress.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzz of {@code decompress}, 120,000 inputs, alongside the Jazzer target (which in
 * the normal run only replays its seeds). Mutations are applied to valid frames of every algorithm and
 * kind; for half of them the frame checksums are recomputed afterwards so the mutated payload reaches the
 * codec (native ones included) instead of stopping at the checksum. Every input must decode or fail with
 * {@link CorruptDataException}: any other exception, a JVM crash or an OutOfMemoryError is a failure.
 */
class MutationFuzzTest {
  private static final int INPUTS = 120_000;

  @Test
  void decompress_mutatedFrames_decodeOrThrowCorruptDataOnly() throws IOException {
    try (CompressionEngine engine = CompressionEngine.create(CompressionConfig.custom().blockSize(4096)
        .parallelThreshold(4096).maxDecompressedSize(1 << 20).workers(1).build())) {
      List<byte[]> seeds = seeds(engine);
      Random random = new Random(0x5EEDL);
      int decoded = 0;
      int rejected = 0;
      for (int i = 0; i < INPUTS; i++) {
        byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
        if (random.nextBoolean()) {
          FrameForgery.repairChecksums(input);
        }
        try {
          engine.decompress(input);
          decoded++;
        } catch (CorruptDataException expected) {
          rejected++;
        } catch (RuntimeException | Error e) {
          throw new AssertionError("input " + i + " (" + input.length + " bytes, algorithm byte "
              + (input.length > 6 ? input[6] : -1) + ") threw " + e, e);
        }
      }
      assertThat(decoded + rejected).isEqualTo(INPUTS);
      assertThat(rejected).isGreaterThan(INPUTS / 2);
    }
  }

  private static List<byte[]> seeds(CompressionEngine engine) throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    byte[] small = TestData.text(300, 7);
    byte[] medium = TestData.text(9000, 8);
    for (Algorithm a : Algorithm.values()) {
      seeds.add(engine.compress(small, a, Level.FAST));
      seeds.add(engine.compress(medium, a, Level.BALANCED));
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      try (OutputStream out = engine.newOutputStream(bos, a, Level.FAST)) {
        out.write(medium);
      }
      seeds.add(bos.toByteArray());
    }
    return seeds;
  }

  private static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int rounds = 1 + r.nextInt(4);
    for (int k = 0; k < rounds; k++) {
      switch (r.nextInt(7)) {
        case 0 -> { // flip a bit
          int bit = r.nextInt(b.length * 8);
          b[bit >>> 3] ^= (byte) (1 << (bit & 7));
        }
        case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256); // random byte
        case 2 -> { // interesting values into a length field of the header
          int[] at = {8, 12, 24, 28, 16 + 0, 16 + 4};
          int p = at[r.nextInt(at.length)];
          int[] values = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 4096, 1 << 20, 255};
          if (p + 4 <= b.length) {
            FrameFormat.putInt(b, p, values[r.nextInt(values.length)]);
          }
        }
        case 3 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncate
        case 4 -> { // extend with garbage
          int extra = 1 + r.nextInt(64);
          byte[] longer = Arrays.copyOf(b, b.length + extra);
          for (int i = b.length; i < longer.length; i++) {
            longer[i] = (byte) r.nextInt(256);
          }
          b = longer;
        }
        case 5 -> { // duplicate a slice of the payload over another place
          if (b.length > 40) {
            int from = 24 + r.nextInt(b.length - 24);
            int to = 24 + r.nextInt(b.length - 24);
            int len = Math.min(r.nextInt(32), Math.min(b.length - from, b.length - to));
            System.arraycopy(b, from, b, to, len);
          }
        }
        default -> { // zero a run
          int from = r.nextInt(b.length);
          Arrays.fill(b, from, Math.min(b.length, from + 1 + r.nextInt(16)), (byte) 0);
        }
      }
      if (b.length == 0) {
        break;
      }
    }
    return b;
  }
}
