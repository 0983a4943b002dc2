package dev.optimizer.compress;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Reproducible test inputs. */
public final class TestData {
  private TestData() {}

  /** Text that compresses well (word soup with numbers), {@code size} bytes. */
  public static byte[] text(int size, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(size + 32);
    String[] words = {"alpha", "beta", "gamma", "delta", "{\"id\":", "\"name\":", "error", "INFO", "2026-11-22"};
    while (sb.length() < size) {
      sb.append(words[r.nextInt(words.length)]).append(r.nextInt(1000)).append(' ');
    }
    return sb.substring(0, size).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Uniform random bytes: incompressible. */
  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
