package dev.optimizer.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.cache.ValueCodec;
import dev.optimizer.cache.ValueDecodingException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerializationCodecTest {
  static final AtomicInteger GADGET_READS = new AtomicInteger();

  record Allowed(String name, int[] numbers) implements Serializable {}

  static final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
      GADGET_READS.incrementAndGet();
      in.defaultReadObject();
    }
  }

  @Test
  void decode_allowedClassAndJdkValues_roundTrip() {
    ValueCodec<Object> codec = ValueCodec.javaSerialization(Allowed.class);
    Map<String, Object> value = new HashMap<>();
    value.put("list", new ArrayList<>(List.of(1L, "two", 3.0)));
    value.put("rec", new Allowed("a", new int[] {1, 2}));
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) codec.decode(codec.encode(value));
    assertThat(back.get("list")).isEqualTo(List.of(1L, "two", 3.0));
    assertThat(((Allowed) back.get("rec")).numbers()).containsExactly(1, 2);
  }

  @Test
  void decode_classOutsideAllowList_rejectedBeforeReadObjectRuns() {
    byte[] bytes = ValueCodec.<Object>javaSerialization(Gadget.class).encode(List.of(new Gadget()));
    int before = GADGET_READS.get();
    ValueCodec<Object> strict = ValueCodec.javaSerialization(List.of("com.example.*"));
    assertThatThrownBy(() -> strict.decode(bytes)).isInstanceOf(ValueDecodingException.class)
        .hasMessageContaining("allow-list");
    assertThat(GADGET_READS.get()).isEqualTo(before);
  }

  @Test
  void allow_packagePatterns_matchPackageOrTree() {
    SerializationCodec<Object> codec = new SerializationCodec<>(List.of("dev.optimizer.cache.**"));
    byte[] bytes = codec.encode(new Allowed("x", new int[0]));
    assertThat(codec.decode(bytes)).isInstanceOf(Allowed.class);
    SerializationCodec<Object> pkgOnly = new SerializationCodec<>(List.of("dev.optimizer.*"));
    assertThatThrownBy(() -> pkgOnly.decode(bytes)).isInstanceOf(ValueDecodingException.class);
    assertThatThrownBy(() -> new SerializationCodec<>(List.of("!*"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SerializationCodec<>(List.of("a*b"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decode_garbage_typedFailure() {
    ValueCodec<Object> codec = ValueCodec.javaSerialization();
    assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3})).isInstanceOf(ValueDecodingException.class);
    assertThatThrownBy(() -> codec.encode(new Object())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not serializable");
  }
}
