package dev.optimizer.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CanonicalKeysTest {
  enum Color { RED }

  record Point(int x, String label) {}

  record Holder(Object anything) {}

  @Test
  void encode_supportedValues_canonicalForms() {
    assertThat(CanonicalKeys.encode("plain:key")).isEqualTo("plain:key");
    assertThat(CanonicalKeys.encode(42L)).isEqualTo("42");
    assertThat(CanonicalKeys.encode(1.5d)).isEqualTo("1.5");
    assertThat(CanonicalKeys.encode(new BigDecimal("1.50"))).isEqualTo("1.50");
    assertThat(CanonicalKeys.encode(Color.RED)).isEqualTo("RED");
    assertThat(CanonicalKeys.encode(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(CanonicalKeys.encode(LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
    assertThat(CanonicalKeys.encode(new Point(1, "a,b"))).isEqualTo("Point(1,a\\,b)");
    assertThat(CanonicalKeys.encode(List.of("x", "y"))).isEqualTo("[x,y]");
    assertThat(CanonicalKeys.encode(new int[] {3, 4})).isEqualTo("[3,4]");
    assertThat(CanonicalKeys.encode(Optional.empty())).isEqualTo("~");
  }

  @Test
  void encode_unorderedCollections_sameFormWhateverTheIterationOrder() {
    Set<String> a = new HashSet<>(List.of("b", "a", "c"));
    Set<String> b = new java.util.LinkedHashSet<>(List.of("c", "b", "a"));
    assertThat(CanonicalKeys.encode(a)).isEqualTo(CanonicalKeys.encode(b)).isEqualTo("[a,b,c]");
    Map<String, Integer> m1 = new LinkedHashMap<>();
    m1.put("z", 1);
    m1.put("a", 2);
    assertThat(CanonicalKeys.encode(m1)).isEqualTo(CanonicalKeys.encode(new TreeMap<>(m1)))
        .isEqualTo("{a=2,z=1}");
  }

  @Test
  void encode_nestedStructuralCharacters_escapedSoFormsDiffer() {
    assertThat(CanonicalKeys.encode(List.of("a,b"))).isNotEqualTo(CanonicalKeys.encode(List.of("a", "b")));
    assertThat(CanonicalKeys.encode(new ArrayList<>(java.util.Arrays.asList("~", null))))
        .isEqualTo("[\\~,~]");
  }

  @Test
  void encode_noStableForm_rejectedNamingType() {
    assertThatThrownBy(() -> CanonicalKeys.encode(new Object())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> CanonicalKeys.encode(new AtomicLong(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AtomicLong");
    assertThatThrownBy(() -> CanonicalKeys.encode(new Holder(new Object())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unstableReason_declaredTypes_checkedStatically() throws Exception {
    assertThat(CanonicalKeys.unstableReason(String.class)).isNull();
    assertThat(CanonicalKeys.unstableReason(int.class)).isNull();
    assertThat(CanonicalKeys.unstableReason(Point.class)).isNull();
    assertThat(CanonicalKeys.unstableReason(Holder.class)).contains("Holder.anything");
    assertThat(CanonicalKeys.unstableReason(List.class)).contains("raw");
    var m = Signatures.class.getDeclaredMethod("m", List.class, Map.class, List.class);
    var types = m.getGenericParameterTypes();
    assertThat(CanonicalKeys.unstableReason(types[0])).isNull();
    assertThat(CanonicalKeys.unstableReason(types[1])).isNull();
    assertThat(CanonicalKeys.unstableReason(types[2])).contains("Object");
  }

  interface Signatures {
    void m(List<Long> ok, Map<String, List<Color>> nested, List<Object> bad);
  }
}
