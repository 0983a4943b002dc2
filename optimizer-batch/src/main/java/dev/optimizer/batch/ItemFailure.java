package dev.optimizer.batch;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One item that failed after its last attempt. Immutable.
 *
 * @param index position of the item in the job's input
 * @param item the item itself
 * @param error what the last attempt threw or reported for it
 * @param attempts how many attempts were made (at least 1)
 */
public record ItemFailure(int index, @Nullable Object item, Throwable error, int attempts) {
  /** Rejects a null error or a negative index. */
  public ItemFailure {
    Objects.requireNonNull(error, "error");
    if (index < 0 || attempts < 1) {
      throw new IllegalArgumentException("index must be >= 0 and attempts >= 1, got " + index + ", " + attempts);
    }
  }
}
