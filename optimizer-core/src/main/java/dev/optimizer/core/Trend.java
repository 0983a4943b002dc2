package dev.optimizer.core;

/** Direction of a figure over the monitor window, from the least-squares slope of its samples. */
public enum Trend {
  /** Rising by more than 1% of its mean per sample. */
  RISING,
  /** Neither rising nor falling noticeably. */
  STABLE,
  /** Falling by more than 1% of its mean per sample. */
  FALLING
}
