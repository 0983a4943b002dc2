package dev.optimizer.limit;

/** What a rate limiter backed by Redis answers when Redis cannot decide within its budget. */
public enum FailurePolicy {
  /** Admit the call: availability over protection (the default). */
  FAIL_OPEN,
  /** Refuse the call: protection over availability. */
  FAIL_CLOSED
}
