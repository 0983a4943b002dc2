package dev.optimizer.batch;

/** What a {@link Coalescer} caller gets when the bulk result has no entry for its key. */
public enum MissingKeyPolicy {
  /** Complete with {@code null} (an annotated method returning {@code Optional} gets {@code Optional.empty()}). */
  EMPTY,
  /** Complete exceptionally with {@link MissingKeyException}. */
  FAIL
}
