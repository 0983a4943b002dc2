package dev.optimizer.cache.internal.redis;

import dev.optimizer.cache.spi.InvalidationMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Wire format of an invalidation on the pub/sub channel: version byte, kind byte, then origin, cache and
 * value as (int length, UTF-8 bytes). Compact, language-neutral and never Java serialization, so a
 * message from a hostile publisher can at worst be dropped.
 */
public final class InvalidationCodec {
  private static final byte VERSION = 1;
  private static final int MAX_FIELD = 1 << 20;

  private InvalidationCodec() {}

  /** Encodes {@code message}. */
  public static byte[] encode(InvalidationMessage message) {
    byte[] origin = message.origin().getBytes(StandardCharsets.UTF_8);
    byte[] cache = message.cache().getBytes(StandardCharsets.UTF_8);
    byte[] value = message.value().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(2 + 12 + origin.length + cache.length + value.length);
    out.put(VERSION).put((byte) message.kind().ordinal());
    out.putInt(origin.length).put(origin);
    out.putInt(cache.length).put(cache);
    out.putInt(value.length).put(value);
    return out.array();
  }

  /** Decodes {@code bytes}, or returns null if they are not a message of this version. */
  public static @Nullable InvalidationMessage decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      if (in.get() != VERSION) {
        return null;
      }
      int kind = in.get();
      InvalidationMessage.Kind[] kinds = InvalidationMessage.Kind.values();
      if (kind < 0 || kind >= kinds.length || kinds[kind] == InvalidationMessage.Kind.RESYNC) {
        return null; // RESYNC is local to a node and never travels
      }
      String origin = field(in);
      String cache = field(in);
      String value = field(in);
      if (origin == null || cache == null || value == null || in.hasRemaining()) {
        return null;
      }
      return new InvalidationMessage(cache, kinds[kind], value, origin);
    } catch (RuntimeException e) {
      return null; // truncated: BufferUnderflowException
    }
  }

  private static @Nullable String field(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > MAX_FIELD || length > in.remaining()) {
      return null;
    }
    byte[] b = new byte[length];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
