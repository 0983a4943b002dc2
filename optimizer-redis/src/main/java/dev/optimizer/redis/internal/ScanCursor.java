package dev.optimizer.redis.internal;

/** SCAN cursor helpers. */
final class ScanCursor {
  private ScanCursor() {}

  /** Whether {@code cursor} is {@code "0"}, which ends a SCAN iteration. */
  static boolean isEnd(byte[] cursor) {
    return cursor.length == 1 && cursor[0] == '0';
  }
}
