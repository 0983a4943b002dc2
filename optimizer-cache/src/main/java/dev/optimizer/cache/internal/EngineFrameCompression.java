package dev.optimizer.cache.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.Level;

/**
 * Frames through the library's {@link CompressionEngine}: values below a threshold are stored (a frame
 * with checksum, no compression: compressing a few dozen bytes costs more than it saves), larger ones
 * compressed with the engine's configured algorithm (or its automatic choice for this cache's content).
 */
public final class EngineFrameCompression implements FrameCompression {
  /** Values shorter than this many bytes are stored uncompressed. */
  public static final int DEFAULT_THRESHOLD = 256;

  private final CompressionEngine engine;
  private final int threshold;
  private final String contentKey;
  private final boolean owned;

  /**
   * @param engine the engine; closed by {@link #close()} only when {@code owned}
   * @param contentKey the automatic-selection key (the cache's name), used when the engine has no fixed
   *     algorithm
   */
  public EngineFrameCompression(CompressionEngine engine, int threshold, String contentKey, boolean owned) {
    this.engine = engine;
    this.threshold = threshold;
    this.contentKey = contentKey;
    this.owned = owned;
  }

  /** The cache's default: LZ4 at its fast level, single-threaded (cache values are small). */
  public static EngineFrameCompression defaultFor(String cacheName) {
    CompressionEngine engine = CompressionEngine.create(CompressionConfig.custom()
        .algorithm(Algorithm.LZ4).level(Level.FAST).workers(1).build());
    return new EngineFrameCompression(engine, DEFAULT_THRESHOLD, cacheName, true);
  }

  @Override
  public byte[] compress(byte[] data) {
    if (data.length < threshold) {
      return engine.compress(data, Algorithm.NONE, Level.FAST);
    }
    return engine.config().algorithm().isPresent() ? engine.compress(data)
        : engine.compress(data, contentKey);
  }

  @Override
  public byte[] decompress(byte[] frame) {
    return engine.decompress(frame);
  }

  @Override
  public void close() {
    if (owned) {
      engine.close();
    }
  }
}
