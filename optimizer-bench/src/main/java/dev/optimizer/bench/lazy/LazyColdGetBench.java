package dev.optimizer.bench.lazy;

import com.google.common.base.Suppliers;
import dev.optimizer.lazy.Lazy;
import java.util.concurrent.TimeUnit;
import org.apache.commons.lang3.concurrent.ConcurrentException;
import org.apache.commons.lang3.concurrent.LazyInitializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cold path: make a lazy value and call {@code get()} once, so the first load's bookkeeping (state
 * transitions, locking or compare-and-set, publication) is measured; the loader itself returns a
 * constant.
 *
 * <p>{@code impl=DIRECT} (allocate a holder with a volatile field and read it) is the floor;
 * {@code LAZY} is ours; {@code GUAVA_MEMOIZE} and {@code COMMONS_LAZY_INITIALIZER} are the peers. Issue 7
 * sets no target here and asks for the figure: the cold {@code get()} cost, {@code time(LAZY)}, beside
 * the peers'. The holder escapes into a {@link Blackhole} so escape analysis cannot delete the
 * allocation and the synchronization it guards, which would measure nothing.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'LazyColdGetBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LazyColdGetBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "lazy";

  /** Who makes and loads the value. */
  public enum Impl {
    /** Allocates a holder with a volatile field, stores and reads it: the floor. */
    DIRECT,
    /** Ours: {@code Lazy.of(supplier).get()}. */
    LAZY,
    /** Peer: {@code Suppliers.memoize(supplier).get()}. */
    GUAVA_MEMOIZE,
    /** Peer: a new commons-lang3 {@code LazyInitializer} and {@code get()}. */
    COMMONS_LAZY_INITIALIZER
  }

  /** The implementation measured. */
  @Param
  public Impl impl;

  private final Object value = new Object();
  private Maker maker;

  /** Picks the one implementation of this fork (see {@link LazyGetBench} on why one subclass per fork). */
  @Setup
  public void setUp() {
    maker = switch (impl) {
      case DIRECT -> new Direct();
      case LAZY -> new OurLazy();
      case GUAVA_MEMOIZE -> new GuavaMemoize();
      case COMMONS_LAZY_INITIALIZER -> new CommonsLazyInitializer();
    };
  }

  /** Creates a lazy value and gets it once. */
  @Benchmark
  public Object firstGet(Blackhole bh) throws ConcurrentException {
    return maker.firstGet(value, bh);
  }

  /** Makes one fresh lazy value and gets it. */
  abstract static class Maker {
    abstract Object firstGet(Object v, Blackhole bh) throws ConcurrentException;
  }

  static final class Holder {
    volatile Object value;
  }

  static final class Direct extends Maker {
    @Override
    Object firstGet(Object v, Blackhole bh) {
      Holder h = new Holder();
      bh.consume(h);
      h.value = v;
      return h.value;
    }
  }

  static final class OurLazy extends Maker {
    @Override
    Object firstGet(Object v, Blackhole bh) {
      Lazy<Object> lazy = Lazy.of(() -> v);
      bh.consume(lazy);
      return lazy.get();
    }
  }

  static final class GuavaMemoize extends Maker {
    @Override
    Object firstGet(Object v, Blackhole bh) {
      com.google.common.base.Supplier<Object> memo = Suppliers.memoize(() -> v);
      bh.consume(memo);
      return memo.get();
    }
  }

  static final class CommonsLazyInitializer extends Maker {
    @Override
    Object firstGet(Object v, Blackhole bh) throws ConcurrentException {
      LazyInitializer<Object> init = new LazyInitializer<>() {
        @Override
        protected Object initialize() {
          return v;
        }
      };
      bh.consume(init);
      return init.get();
    }
  }
}
