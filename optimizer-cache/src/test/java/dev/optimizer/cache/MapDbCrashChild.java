package dev.optimizer.cache;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child JVM of {@link MapDbTierCrashTest}: writes to an L3 store forever and prints {@code ACK key
 * version} once a write has returned (and, in {@code periodic} mode, a {@code sync()} after it), until the
 * parent SIGKILLs it.
 *
 * <p>Args: store file, run number, mode ({@code each}: journal forced per write; {@code periodic}:
 * forced every 5 ms in the background plus an explicit {@code sync()} every 40 writes, acknowledged after
 * it), volume
 * ({@code mmap} or {@code channel}). The checkpoint threshold is tiny (16 KiB), so that kills also land
 * inside checkpoints, not only between them.
 */
public final class MapDbCrashChild {
  static final int KEYS = 300;
  static final long CHECKPOINT_BYTES = 16 * 1024;

  private MapDbCrashChild() {}

  /** The value written for {@code key} at {@code version}; {@link #check} recognises exactly these. */
  static byte[] value(String key, long version) {
    char fill = (char) ('a' + (int) (version % 26));
    return (key + "|" + version + "|" + String.valueOf(fill).repeat(100 + (int) (version % 700)))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The version {@code bytes} were written with for {@code key}, or -1 if they are not such a value. */
  static long check(String key, byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    String[] parts = s.split("\\|", 3);
    if (parts.length != 3 || !parts[0].equals(key)) {
      return -1;
    }
    long version;
    try {
      version = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
    return java.util.Arrays.equals(bytes, value(key, version)) ? version : -1;
  }

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int run = Integer.parseInt(args[1]);
    boolean each = args[2].equals("each");
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
        StandardCharsets.UTF_8);
    MapDbTier tier = MapDbTier.open(MapDbConfig.custom(file)
        .syncInterval(each ? Duration.ZERO : Duration.ofMillis(5)).checkpointBytes(CHECKPOINT_BYTES)
        .mmap(args[3].equals("mmap")).build());
    out.println("OPEN " + tier.recreations());
    out.flush();
    StringBuilder pending = new StringBuilder();
    for (long i = 0; ; i++) {
      String key = "k" + (i * 7 % KEYS);
      long version = run * 10_000_000L + i;
      tier.put(key, value(key, version), i % 3 == 0 ? Duration.ZERO : Duration.ofDays(1));
      pending.append("ACK ").append(key).append(' ').append(version).append('\n');
      if (each || i % 40 == 39) {
        if (!each) {
          tier.sync();
        }
        out.print(pending);
        out.flush();
        pending.setLength(0);
      }
    }
  }
}
