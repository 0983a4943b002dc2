package dev.optimizer.core;

/**
 * A monotonic time source in nanoseconds for TTLs, rates and latencies. Every module takes one so that
 * tests and simulations control time and never sleep. Implementations must be thread-safe and cheap:
 * hot paths read it on every call.
 */
@FunctionalInterface
public interface Ticker {
  /**
   * Nanoseconds since an arbitrary fixed origin; only differences between two readings mean anything.
   * Must never go backwards.
   */
  long read();

  /** The system ticker, {@link System#nanoTime()}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** A named singleton rather than a lambda, so {@code toString()} says what it is. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }

  @Override
  public String toString() {
    return "Ticker.system()";
  }
}
