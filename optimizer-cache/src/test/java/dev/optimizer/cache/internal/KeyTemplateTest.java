package dev.optimizer.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyTemplateTest {
  interface Repo {
    String one(String key);

    String two(String a, String b);

    String none();

    String number(long id);
  }

  private static String key(String method, Object... args) throws Exception {
    Method m = java.util.Arrays.stream(Repo.class.getMethods()).filter(x -> x.getName().equals(method))
        .findFirst().orElseThrow();
    return KeyTemplate.of(m, Repo.class).key(args);
  }

  // Regression (issue 4 review): a one-String key "a,b" collided with the two-String key ("a", "b").
  @Test
  void key_singleStringWithStructuralCharacters_neverEqualsAnotherArgumentShape() throws Exception {
    List<String> keys = List.of(
        key("one", "a,b"), key("two", "a", "b"),
        key("one", "~"), key("one", (Object) null),
        key("one", "()"), key("none"),
        key("one", "[x]"), key("two", "[x]", null));
    Set<String> distinct = new HashSet<>(keys);
    assertThat(distinct).as("keys %s", keys).hasSize(keys.size());
  }

  @Test
  void key_plainString_staysReadableForPatterns() throws Exception {
    assertThat(key("one", "users:42")).isEqualTo("users:42");
    assertThat(key("two", "users", "42")).isEqualTo("users,42");
    assertThat(key("number", 42L)).isEqualTo("42");
  }
}
