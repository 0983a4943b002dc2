package dev.optimizer.cache;

import dev.optimizer.cache.internal.SerializationCodec;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns values into bytes for L2 and L3 and back. Compression is applied by the cache after
 * {@link #encode}, so a codec only needs to be faithful and safe.
 *
 * <p>Safety: {@link #decode} receives bytes that someone else may have written (another application on
 * the same Redis, an attacker with write access, a torn file). It must never instantiate a class the
 * user did not allow: throw {@link ValueDecodingException} instead. Implementations must be thread-safe.
 *
 * <p>Plugging another library is two lambdas, e.g. with Jackson:
 * {@code ValueCodec.of(mapper::writeValueAsBytes, b -> mapper.readValue(b, User.class))} (wrap their
 * checked exceptions).
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {
  /**
   * The bytes standing for {@code value}.
   *
   * @param value never null (cached nulls are encoded by the cache itself)
   * @throws IllegalArgumentException if the value cannot be encoded (e.g. not serializable)
   */
  byte[] encode(V value);

  /**
   * The value {@code bytes} stand for.
   *
   * @throws ValueDecodingException if the bytes are not a value of this codec or name a class that is
   *     not allowed; the cache then counts a decode failure and treats the entry as a miss
   */
  V decode(byte[] bytes);

  /** UTF-8 strings. */
  static ValueCodec<String> string() {
    return of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));
  }

  /** Byte arrays as they are (the array is stored and returned without copying). */
  static ValueCodec<byte[]> bytes() {
    return of(b -> b, b -> b);
  }

  /**
   * Java serialization restricted to an allow-list checked against every class name in the stream before
   * the class is resolved, so an unlisted class is never loaded, let alone instantiated (an {@link
   * java.io.ObjectInputFilter} adds depth, reference and array limits). Besides {@code allowed}, boxed
   * primitives, String, BigInteger/BigDecimal, java.time values, enums and the common java.util
   * collections are allowed; every other class is rejected.
   *
   * @param allowed filter patterns: a class name ({@code com.acme.User}), a package
   *     ({@code com.acme.*}) or a package and its subpackages ({@code com.acme.**})
   * @throws IllegalArgumentException if a pattern is blank or starts with {@code !}
   */
  static <V> ValueCodec<V> javaSerialization(Collection<String> allowed) {
    return new SerializationCodec<>(allowed);
  }

  /**
   * Java serialization allowing {@code allowed} classes (and the JDK value types listed in
   * {@link #javaSerialization(Collection)}).
   */
  static <V> ValueCodec<V> javaSerialization(Class<?>... allowed) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (Class<?> c : allowed) {
      names.add(c.getName());
    }
    return new SerializationCodec<>(names);
  }

  /**
   * A codec from two functions. Exceptions other than {@link ValueDecodingException} thrown by
   * {@code decoder} are wrapped in one.
   */
  static <V> ValueCodec<V> of(Function<? super V, byte[]> encoder, Function<byte[], ? extends V> decoder) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(decoder, "decoder");
    return new ValueCodec<>() {
      @Override
      public byte[] encode(V value) {
        return encoder.apply(value);
      }

      @Override
      public V decode(byte[] bytes) {
        try {
          return decoder.apply(bytes);
        } catch (ValueDecodingException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new ValueDecodingException("cannot decode " + bytes.length + " bytes: " + e, e);
        }
      }
    };
  }
}
