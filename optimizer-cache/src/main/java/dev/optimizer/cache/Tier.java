package dev.optimizer.cache;

/** The tiers of a {@link TieredCache}, fastest first. */
public enum Tier {
  /** In-process Caffeine cache holding live objects. */
  L1,
  /** Shared remote store (Redis), bytes. */
  L2,
  /** Local disk store (MapDB), bytes. */
  L3;

  /** Bit of this tier in a tier mask. */
  public int bit() {
    return 1 << ordinal();
  }
}
