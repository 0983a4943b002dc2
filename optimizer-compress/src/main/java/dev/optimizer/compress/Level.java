package dev.optimizer.compress;

import java.util.Optional;

/**
 * How hard to compress: each {@link Algorithm} maps it to its own setting (see the table on
 * {@link Algorithm}). Stored in the frame for information; decompression does not need it.
 */
public enum Level {
  /** Fastest setting: for hot paths and CPU-bound hosts. */
  FAST,
  /** The algorithm's usual default trade-off. */
  BALANCED,
  /** Best ratio the algorithm offers within sane memory. */
  MAXIMUM;

  /** The next faster level, or this one when it is already {@link #FAST}. */
  public Level faster() {
    return this == FAST ? FAST : values()[ordinal() - 1];
  }

  /** The level with the given frame identifier ({@link #ordinal()}), empty for an unknown one. */
  public static Optional<Level> ofId(int id) {
    return id >= 0 && id < values().length ? Optional.of(values()[id]) : Optional.empty();
  }
}
