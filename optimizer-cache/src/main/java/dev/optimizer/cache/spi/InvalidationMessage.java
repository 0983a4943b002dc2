package dev.optimizer.cache.spi;

import java.util.Objects;

/**
 * One invalidation travelling between nodes.
 *
 * @param cache the cache name the keys belong to
 * @param kind what to drop
 * @param value the key (KEY), the glob (PATTERN) or empty (ALL, RESYNC)
 * @param origin the publishing node's id, so a node can ignore its own messages
 */
public record InvalidationMessage(String cache, Kind kind, String value, String origin) {
  /** What a message asks a node to drop. */
  public enum Kind {
    /** One key. */
    KEY,
    /** Every key matching a glob. */
    PATTERN,
    /** Every key of the cache. */
    ALL,
    /** Local to a node: its subscription was interrupted and messages may be lost; drop everything. */
    RESYNC
  }

  /** Rejects nulls. */
  public InvalidationMessage {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(origin, "origin");
  }

  /** A message telling the local node to clear its L1 for {@code cache}. */
  public static InvalidationMessage resync(String cache) {
    return new InvalidationMessage(cache, Kind.RESYNC, "", "local");
  }
}
