package dev.optimizer.lazy.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A method's argument list as a map key: equal when the arguments are equal, arrays compared by
 * content. Holds a copy of the array, so a caller reusing its argument array cannot change a key.
 */
public final class ArgumentsKey {
  private final @Nullable Object[] args;
  private final int hash;

  /** @param args the call's arguments; copied */
  public ArgumentsKey(@Nullable Object[] args) {
    this.args = args.clone();
    this.hash = Arrays.deepHashCode(this.args);
  }

  /** A copy of the arguments. */
  public @Nullable Object[] arguments() {
    return args.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ArgumentsKey k && hash == k.hash && Arrays.deepEquals(args, k.args);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Arrays.deepToString(args);
  }
}
