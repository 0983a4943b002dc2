package dev.optimizer.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One change made by the tuning loop, or one finding such as a suspected leak. Immutable.
 *
 * @param at when it happened
 * @param target what was changed, e.g. {@code cache.users.l1} or {@code batch.workers}
 * @param setting which setting, e.g. {@code maximumSize}
 * @param from the value before, as text
 * @param to the value after, as text
 * @param reason why, in words a person reads in a log
 */
public record TuningEvent(Instant at, String target, String setting, String from, String to,
    String reason) {
  /** Rejects nulls. */
  public TuningEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return at + " " + target + "." + setting + " " + from + " -> " + to + " (" + reason + ")";
  }
}
