package dev.optimizer.cache.internal;

import java.util.function.Function;
import java.util.regex.Pattern;

/** Comparisons of a key's string form that treat a key with no string form as matching nothing. */
final class KeyStrings {
  private KeyStrings() {}

  static <K> boolean equal(Function<? super K, String> keyStrings, K key, String s) {
    try {
      return keyStrings.apply(key).equals(s);
    } catch (RuntimeException e) {
      return false;
    }
  }

  static <K> boolean matches(Function<? super K, String> keyStrings, Pattern p, K key) {
    try {
      return p.matcher(keyStrings.apply(key)).matches();
    } catch (RuntimeException e) {
      return false; // a key with no string form cannot match a glob
    }
  }
}
