package dev.optimizer.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The per-item outcome of one call of an {@link ItemwiseBatchFunction}: for each position a value or an
 * error. Immutable once built.
 *
 * @param <O> result type
 */
public final class BatchOutcome<O> {
  private final @Nullable Object[] values;
  private final @Nullable Throwable[] errors;
  private final boolean[] set;

  private BatchOutcome(@Nullable Object[] values, @Nullable Throwable[] errors, boolean[] set) {
    this.values = values;
    this.errors = errors;
    this.set = set;
  }

  /** Every item succeeded with the given values, in order. */
  public static <O> BatchOutcome<O> success(List<? extends O> values) {
    Builder<O> b = builder(values.size());
    for (int i = 0; i < values.size(); i++) {
      b.success(i, values.get(i));
    }
    return b.build();
  }

  /**
   * A builder for a batch of {@code size} items.
   *
   * @throws IllegalArgumentException if {@code size < 0}
   */
  public static <O> Builder<O> builder(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
    return new Builder<>(size);
  }

  /** Number of positions. */
  public int size() {
    return values.length;
  }

  /** True when position {@code i} succeeded. */
  public boolean succeeded(int i) {
    return set[i] && errors[i] == null;
  }

  /** The value at {@code i}; null when it failed or the value is null. */
  @SuppressWarnings("unchecked")
  public @Nullable O value(int i) {
    return (O) values[i];
  }

  /** The error at {@code i}: what was reported, or an {@link IllegalStateException} when it was left unset. */
  public @Nullable Throwable error(int i) {
    if (!set[i]) {
      return new IllegalStateException("batch function reported no outcome for position " + i);
    }
    return errors[i];
  }

  /**
   * Collects outcomes position by position. Not thread-safe.
   *
   * @param <O> result type
   */
  public static final class Builder<O> {
    private final @Nullable Object[] values;
    private final @Nullable Throwable[] errors;
    private final boolean[] set;

    private Builder(int size) {
      values = new Object[size];
      errors = new Throwable[size];
      set = new boolean[size];
    }

    /**
     * Position {@code index} succeeded with {@code value} (null allowed).
     *
     * @throws IndexOutOfBoundsException if the position is outside the batch
     */
    public Builder<O> success(int index, @Nullable O value) {
      Objects.checkIndex(index, values.length);
      values[index] = value;
      errors[index] = null;
      set[index] = true;
      return this;
    }

    /**
     * Position {@code index} failed with {@code error}.
     *
     * @throws IndexOutOfBoundsException if the position is outside the batch
     */
    public Builder<O> failure(int index, Throwable error) {
      Objects.checkIndex(index, values.length);
      errors[index] = Objects.requireNonNull(error, "error");
      values[index] = null;
      set[index] = true;
      return this;
    }

    /** The outcome; the builder must not be used afterwards. */
    public BatchOutcome<O> build() {
      return new BatchOutcome<>(values, errors, Arrays.copyOf(set, set.length));
    }
  }
}
