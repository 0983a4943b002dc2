package dev.optimizer.lazy;

/**
 * Computes a value, e.g. by reading a file or calling a service. May throw checked exceptions; they reach
 * callers of {@code get()} wrapped in a {@link LazyLoadException}, unchecked ones as themselves.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface ValueLoader<T> {
  /**
   * Loads the value.
   *
   * @return the value; never null (a null result counts as a failed load)
   * @throws Exception when the value cannot be loaded; the failure is not memoized
   */
  T load() throws Exception;
}
