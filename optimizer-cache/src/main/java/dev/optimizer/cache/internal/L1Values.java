package dev.optimizer.cache.internal;

/** The marker L1 holds for a cached null, since Caffeine stores no nulls. */
public final class L1Values {
  /** Stands for a cached null result. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "CachedNull";
    }
  };

  /**
   * Marks a null result that is returned to the caller but not cached; it never enters L1 or a lower
   * tier.
   */
  static final Object NOT_CACHED = new Object() {
    @Override
    public String toString() {
      return "NotCachedNull";
    }
  };

  /**
   * An L1 entry that must die before L1's fixed expiry (a cached null, a shorter per-call TTL) or that is
   * reloaded ahead of it (refresh-ahead). Readers check {@code deadline} and {@code refreshAt} against the
   * cache's ticker.
   *
   * @param value the value or {@link #NULL}
   * @param deadline ticker reading from which the entry is expired
   * @param refreshAt ticker reading from which a read starts a background reload; equal to {@code deadline}
   *     for an entry that is not refreshed
   */
  public record Expiring(Object value, long deadline, long refreshAt) {
    /** An entry that is not refreshed. */
    public Expiring(Object value, long deadline) {
      this(value, deadline, deadline);
    }

    /** Whether a read at ticker reading {@code now} should start a reload (the entry being still live). */
    public boolean refreshDue(long now) {
      return refreshAt != deadline && now - refreshAt >= 0;
    }
  }

  /** The value an L1 entry holds, whether or not it carries a deadline. */
  public static Object content(Object entry) {
    return entry instanceof Expiring e ? e.value() : entry;
  }

  private L1Values() {}
}
