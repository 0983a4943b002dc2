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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@code invalidate()} races a {@code get()} on a loaded value (1, on the hot path): once invalidate has
 * returned, no get may return 1 again, and the value is reloaded exactly once. The loader returns 1, 2,
 * 3 in load order. r1 = what the racing get returned, r2 = what a get after both returned.
 */
@JCStressTest
@Description("Lazy.invalidate() racing get(): the dropped value never comes back, one reload")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "get read 1 before invalidate; the final get reloaded 2")
@Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "invalidate first; the racing get reloaded 2, kept")
@Outcome(expect = FORBIDDEN, desc = "the invalidated value after invalidate, or an extra load")
@State
public class LazyInvalidateStress {
  private final AtomicInteger loads = new AtomicInteger();
  private final Lazy<Integer> lazy = Lazy.of(loads::incrementAndGet);

  public LazyInvalidateStress() {
    lazy.get();
  }

  @Actor
  public void reader(II_Result r) {
    r.r1 = lazy.get();
  }

  @Actor
  public void invalidator() {
    lazy.invalidate();
  }

  @Arbiter
  public void check(II_Result r) {
    r.r2 = lazy.get();
  }
}
