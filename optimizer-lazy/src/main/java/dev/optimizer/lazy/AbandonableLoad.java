package dev.optimizer.lazy;

/** A queued background load that can be ended without running, so nobody waits for it forever. */
interface AbandonableLoad {
  /** Fails the load with {@code why}: its waiters see it and the next get() loads again. */
  void abandon(Throwable why);
}
