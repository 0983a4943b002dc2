package dev.optimizer.core;

/**
 * The one time source of the optimizer and its modules: set it with {@code Optimizer.builder().ticker(..)},
 * modules reach it through {@code ModuleContext.ticker()}, and every module's configuration builder takes
 * one, so that tests and simulations control time and never sleep.
 *
 * <p>Two readings, one source:
 * <ul>
 *   <li>{@link #read()}, monotonic nanoseconds: what TTLs, backoffs, recheck intervals, tuning windows and
 *       latencies use. Almost everything needs only this.
 *   <li>{@link #wallMillis()}, epoch milliseconds: for the few times that must mean something outside this
 *       process, i.e. that are persisted (the MapDB tier stores absolute expiry times in its file, which
 *       outlive a restart, and a monotonic reading has a different origin in every JVM) or shown to people
 *       (timestamps of tuning events and system samples).
 * </ul>
 * They are one type rather than two (a ticker and a {@code java.time.Clock}) so that a test that moves
 * time moves both: the default {@link #wallMillis()} is derived from {@link #read()}, so a fake ticker,
 * even a lambda, moves wall time by exactly what it moves its nanoseconds.
 *
 * <p>Implementations must be thread-safe and cheap: hot paths read {@link #read()} on every call.
 */
@FunctionalInterface
public interface Ticker {
  /**
   * Nanoseconds since an arbitrary fixed origin; only differences between two readings of the same ticker
   * mean anything. Must never go backwards.
   */
  long read();

  /**
   * Milliseconds since the epoch (1970-01-01T00:00Z), for times that are persisted or shown.
   *
   * <p>The default derives it from {@link #read()}: the system's wall time when this interface was first
   * used, plus the milliseconds {@link #read()} has moved since {@link System#nanoTime()} was read at that
   * same moment. So a ticker that moves by hand moves this reading with it, and the two never disagree
   * about how much time passed. {@link #system()} overrides it with {@link System#currentTimeMillis()},
   * which follows adjustments of the system clock (and may therefore step backwards when the clock is
   * set); a ticker built on {@code System::nanoTime} without overriding it drifts from the system clock
   * by whatever adjustments the clock receives while the JVM runs.
   */
  default long wallMillis() {
    return WallAnchor.WALL_MILLIS + Math.floorDiv(read() - WallAnchor.NANOS, 1_000_000L);
  }

  /** The system ticker: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** The moment the default {@link Ticker#wallMillis()} counts from: one wall reading and one nanoTime. */
final class WallAnchor {
  static final long WALL_MILLIS = System.currentTimeMillis();
  static final long NANOS = System.nanoTime();

  private WallAnchor() {}
}

/** A named singleton rather than a lambda, so {@code toString()} says what it is. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }

  @Override
  public long wallMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public String toString() {
    return "Ticker.system()";
  }
}
