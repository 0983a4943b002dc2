package dev.optimizer.batch;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a job's items or results into bytes for a {@link RedisJobStore} and back. Implementations must be
 * thread-safe and faithful ({@code decode(encode(v))} equals {@code v}).
 *
 * <p>Safety: {@link #decode} reads bytes that any client of the Redis may have written. It must never
 * instantiate a class the application did not allow; the store never uses open Java deserialization. Use
 * {@link #json(com.fasterxml.jackson.databind.ObjectMapper, Class)} (Jackson binds only the given type), the
 * cache's allow-listed serialization ({@code ValueCodec.javaSerialization(User.class)} from
 * {@code optimizer-cache}, adapted with {@code JobCodec.of(codec::encode, codec::decode)}), or your own.
 *
 * <p>A decode that throws fails that one item with {@link JobStoreException.Kind#UNDECODABLE_ITEM} (or the
 * read of that result); the other items and jobs go on.
 *
 * @param <T> the value type
 */
public interface JobCodec<T> {
  /**
   * The bytes standing for {@code value}.
   *
   * @param value may be null only where the codec says it accepts null
   * @throws RuntimeException if the value cannot be encoded; the item then fails
   */
  byte[] encode(T value);

  /**
   * The value {@code bytes} stand for.
   *
   * @throws RuntimeException if the bytes are not a value of this codec
   */
  T decode(byte[] bytes);

  /** UTF-8 strings. */
  static JobCodec<String> string() {
    return of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));
  }

  /** Longs as their decimal text (readable with {@code redis-cli}). */
  static JobCodec<Long> longs() {
    return of(l -> Long.toString(l).getBytes(StandardCharsets.US_ASCII),
        b -> Long.parseLong(new String(b, StandardCharsets.US_ASCII)));
  }

  /**
   * JSON through Jackson ({@code com.fasterxml.jackson.core:jackson-databind}, an optional dependency of this
   * module: add it to use this codec). Jackson binds only {@code type} and what its declared properties
   * name; keep default typing off on {@code mapper} (polymorphic typing would let the bytes name classes).
   *
   * @throws NullPointerException if an argument is null
   */
  static <T> JobCodec<T> json(com.fasterxml.jackson.databind.ObjectMapper mapper, Class<T> type) {
    Objects.requireNonNull(mapper, "mapper");
    Objects.requireNonNull(type, "type");
    return new JobCodec<>() {
      @Override
      public byte[] encode(T value) {
        try {
          return mapper.writeValueAsBytes(value);
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("cannot encode a " + type.getName() + " as JSON: " + e.getMessage(), e);
        }
      }

      @Override
      public T decode(byte[] bytes) {
        try {
          return mapper.readValue(bytes, type);
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("not JSON of a " + type.getName() + ": " + e.getMessage(), e);
        }
      }
    };
  }

  /** A codec from two functions (e.g. {@code JobCodec.of(valueCodec::encode, valueCodec::decode)}). */
  static <T> JobCodec<T> of(Function<? super T, byte[]> encoder, Function<byte[], ? extends T> decoder) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(decoder, "decoder");
    return new JobCodec<>() {
      @Override
      public byte[] encode(T value) {
        return encoder.apply(value);
      }

      @Override
      public T decode(byte[] bytes) {
        return decoder.apply(bytes);
      }
    };
  }
}
