package dev.optimizer.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** A thread's cursor over the hot keys of the hit benchmarks, so that every one of them reads keys alike. */
@State(Scope.Thread)
public class HotKeys {
  /** How many hot keys a hit benchmark cycles through (a power of two). */
  public static final int COUNT = 1024;

  private int i;

  /** {@code prefix + 0} to {@code prefix + (COUNT - 1)}. */
  public static String[] named(String prefix) {
    String[] keys = new String[COUNT];
    for (int k = 0; k < COUNT; k++) {
      keys[k] = prefix + k;
    }
    return keys;
  }

  /** This thread's next key of {@code keys} (an array from {@link #named}). */
  public String next(String[] keys) {
    return keys[i++ & (COUNT - 1)];
  }
}
