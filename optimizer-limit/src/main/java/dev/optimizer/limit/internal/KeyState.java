package dev.optimizer.limit.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One key's theoretical arrival time, alone on its cache line. The padding keeps the map's node and other
 * objects allocated beside it off the line that every decision writes: a thread reading the map would
 * otherwise take that line away from the thread deciding.
 */
final class KeyState extends KeyStateValue {
  @SuppressWarnings("unused")
  private long q1, q2, q3, q4, q5, q6, q7;

  KeyState(long tat) {
    super(tat);
  }
}

/** Padding laid out before the value (fields of a superclass come first). */
abstract class KeyStatePad {
  @SuppressWarnings("unused")
  private long p1, p2, p3, p4, p5, p6, p7;
}

/** The value between the two paddings. */
abstract class KeyStateValue extends KeyStatePad {
  private static final VarHandle TAT;

  static {
    try {
      TAT = MethodHandles.lookup().findVarHandle(KeyStateValue.class, "tat", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // read and written through TAT
  private volatile long tat;

  KeyStateValue(long tat) {
    this.tat = tat;
  }

  final long get() {
    return tat;
  }

  final boolean compareAndSet(long expected, long next) {
    return TAT.compareAndSet(this, expected, next);
  }
}
