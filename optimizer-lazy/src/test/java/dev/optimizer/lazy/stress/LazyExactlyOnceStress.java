package dev.optimizer.lazy.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.optimizer.lazy.Lazy;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads call {@code get()} on a cold {@link Lazy} (two: jcstress runs no more actors than this
 * machine has CPUs): the loader runs once and both see the same instance, as does a get after them.
 * r1 = loads, r2 = 1 if the two actors saw the same object, r3 = 1 if the later get did too.
 */
@JCStressTest
@Description("Lazy.get() on a cold value from two threads loads exactly once")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "one load, one instance seen by everyone")
@Outcome(expect = FORBIDDEN, desc = "a second load, or threads seeing different instances")
@State
public class LazyExactlyOnceStress {
  private final AtomicInteger loads = new AtomicInteger();
  private final Lazy<Object> lazy = Lazy.of(() -> {
    loads.incrementAndGet();
    return new Object();
  });
  private Object a;
  private Object b;

  @Actor
  public void first() {
    a = lazy.get();
  }

  @Actor
  public void second() {
    b = lazy.get();
  }

  @Arbiter
  public void check(III_Result r) {
    Object c = lazy.get();
    r.r1 = loads.get();
    r.r2 = a == b ? 1 : 0;
    r.r3 = b == c ? 1 : 0;
  }
}
