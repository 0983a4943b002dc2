package dev.optimizer.cache.internal;

import dev.optimizer.cache.ValueCodec;
import dev.optimizer.cache.ValueDecodingException;
import org.jspecify.annotations.Nullable;

/**
 * What L2 and L3 store for a value: the compression frame of the codec bytes (self-describing and
 * checksummed), or for a cached null a two-byte marker shorter than any frame header, so every tier can
 * cache nulls without a codec for them and a value is decompressed without copying.
 */
public final class ValueEnvelope<V> {
  private static final byte MAGIC = 'O';
  private static final byte NULL = 0;
  private static final byte[] NULL_BYTES = {MAGIC, NULL};

  private final ValueCodec<V> codec;
  private final FrameCompression compression;

  public ValueEnvelope(ValueCodec<V> codec, FrameCompression compression) {
    this.codec = codec;
    this.compression = compression;
  }

  /** The stored form of {@code value} (null for a cached null). */
  public byte[] encode(@Nullable V value) {
    if (value == null) {
      return NULL_BYTES.clone();
    }
    return compression.compress(codec.encode(value));
  }

  /**
   * The value, or {@link L1Values#NULL} for a cached null.
   *
   * @throws ValueDecodingException if the bytes are not a value this cache can read
   */
  public Object decode(byte[] stored) {
    if (stored.length == 2 && stored[0] == MAGIC && stored[1] == NULL) {
      return L1Values.NULL;
    }
    byte[] raw;
    try {
      raw = compression.decompress(stored);
    } catch (RuntimeException e) {
      throw new ValueDecodingException("corrupt compressed frame: " + e.getMessage(), e);
    }
    V v = codec.decode(raw);
    if (v == null) {
      throw new ValueDecodingException("codec decoded null");
    }
    return v;
  }
}
