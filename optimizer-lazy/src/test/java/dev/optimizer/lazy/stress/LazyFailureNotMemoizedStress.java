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
 * Two threads race on a cold {@link Lazy} whose first load fails: the failure reaches the callers of
 * that load but is not kept, so a later get loads (the second and last load) and returns 2. r1, r2 = what
 * each racing get returned (-1 for the failure), r3 = a get after both.
 */
@JCStressTest
@Description("A failed load is not memoized under a race; exactly one retry")
@Outcome(id = {"-1, -1, 2", "-1, 2, 2", "2, -1, 2"}, expect = ACCEPTABLE,
    desc = "the failure reached the callers of the first load; the next load succeeded and was kept")
@Outcome(expect = FORBIDDEN, desc = "a memoized failure, an extra load, or a lost value")
@State
public class LazyFailureNotMemoizedStress {
  private final AtomicInteger loads = new AtomicInteger();
  private final Lazy<Integer> lazy = Lazy.of(() -> {
    int n = loads.incrementAndGet();
    if (n == 1) {
      throw new IllegalStateException("first load fails");
    }
    return n;
  });

  private int attempt() {
    try {
      return lazy.get();
    } catch (IllegalStateException e) {
      return -1;
    }
  }

  @Actor
  public void first(III_Result r) {
    r.r1 = attempt();
  }

  @Actor
  public void second(III_Result r) {
    r.r2 = attempt();
  }

  @Arbiter
  public void check(III_Result r) {
    r.r3 = attempt();
  }
}
