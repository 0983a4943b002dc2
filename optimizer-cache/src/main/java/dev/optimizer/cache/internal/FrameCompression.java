package dev.optimizer.cache.internal;

/**
 * The cache's view of the compression engine: bytes in, a self-describing checked frame out, and back.
 * Kept this narrow so the engine can be swapped (or its absence tolerated) without touching the cache.
 */
public interface FrameCompression extends AutoCloseable {
  /** A frame holding {@code data}. */
  byte[] compress(byte[] data);

  /**
   * The data a frame holds.
   *
   * @throws RuntimeException if the frame is corrupt, truncated or foreign; the caller treats it as a
   *     decode failure
   */
  byte[] decompress(byte[] frame);

  /** Releases an engine the cache owns. */
  @Override
  default void close() {}
}
