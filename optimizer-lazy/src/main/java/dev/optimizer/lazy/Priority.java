package dev.optimizer.lazy;

/** Preload order of {@link LoadStrategy#PRELOAD} loaders: CRITICAL first, LOW last. */
public enum Priority {
  /** Preloaded last. */
  LOW,
  /** The default. */
  NORMAL,
  /** Preloaded before NORMAL and LOW. */
  HIGH,
  /** Preloaded first. */
  CRITICAL
}
