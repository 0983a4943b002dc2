package dev.optimizer.cache.internal;

/** The frame compression of an L1-only cache, which never encodes a value. */
public enum NoFrames implements FrameCompression {
  /** The one instance. */
  INSTANCE;

  @Override
  public byte[] compress(byte[] data) {
    throw new IllegalStateException("an L1-only cache does not encode values");
  }

  @Override
  public byte[] decompress(byte[] frame) {
    throw new IllegalStateException("an L1-only cache does not decode values");
  }
}
