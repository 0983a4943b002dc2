package dev.optimizer.bench.lazy;

import com.google.common.base.Suppliers;
import dev.optimizer.lazy.Lazy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

/**
 * The hot path: {@code get()} on a value that is already loaded, which is what a lazy value costs for the
 * rest of the program's life.
 *
 * <p>{@code impl=VOLATILE_FIELD} (a plain read of a volatile field) is the floor; {@code LAZY} is ours
 * ({@code Lazy.of}), {@code LAZY_TTL} ours with a TTL (one {@code System.nanoTime()} more per call);
 * {@code GUAVA_MEMOIZE} ({@code Suppliers.memoize}) and {@code COMMONS_LAZY_INITIALIZER} (commons-lang3
 * {@code LazyInitializer}) are the peers. Targets (issue 7): {@code time(LAZY) <= 1.5 x
 * time(VOLATILE_FIELD)}, and {@code time(LAZY) <= time(GUAVA_MEMOIZE)} and
 * {@code <= time(COMMONS_LAZY_INITIALIZER)}.
 *
 * <p>Every implementation sits behind the same abstract {@link Source}, one subclass each. JMH runs each
 * {@code @Param} value in its own fork, where only that one subclass is ever loaded, so the JIT binds the
 * call by class-hierarchy analysis with no type guard: each row measures one field read (the
 * {@code Source}) plus the implementation's own {@code get()}, the same frame for all.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'LazyGetBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LazyGetBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "lazy";

  /** Who holds the value. */
  public enum Impl {
    /** A volatile field read: the floor. */
    VOLATILE_FIELD,
    /** Ours: {@code Lazy.of(supplier)}. */
    LAZY,
    /** Ours with a one-hour TTL: adds a ticker read per call. */
    LAZY_TTL,
    /** Peer: Guava {@code Suppliers.memoize}. */
    GUAVA_MEMOIZE,
    /** Peer: commons-lang3 {@code LazyInitializer}. */
    COMMONS_LAZY_INITIALIZER
  }

  /** The implementation measured. */
  @Param
  public Impl impl;

  private Source source;

  /** Builds the one holder measured and loads it, so only the loaded path is measured. */
  @Setup
  public void setUp() throws ConcurrentException {
    Object value = new Object();
    source = switch (impl) {
      case VOLATILE_FIELD -> new VolatileField(value);
      case LAZY -> new OurLazy(Lazy.of(() -> value));
      case LAZY_TTL -> new OurLazy(Lazy.builder().ttl(Duration.ofHours(1)).build(() -> value));
      case GUAVA_MEMOIZE -> new GuavaMemoize(Suppliers.memoize(() -> value));
      case COMMONS_LAZY_INITIALIZER -> new CommonsLazyInitializer(value);
    };
    if (source.get() != value) {
      throw new IllegalStateException(impl + " returned the wrong value");
    }
  }

  /** One {@code get()} on a loaded value. */
  @Benchmark
  public Object get() throws ConcurrentException {
    return source.get();
  }

  /** One holder of the value. */
  abstract static class Source {
    abstract Object get() throws ConcurrentException;
  }

  static final class VolatileField extends Source {
    private volatile Object field;

    VolatileField(Object value) {
      field = value;
    }

    @Override
    Object get() {
      return field;
    }
  }

  static final class OurLazy extends Source {
    private final Lazy<Object> lazy;

    OurLazy(Lazy<Object> lazy) {
      this.lazy = lazy;
    }

    @Override
    Object get() {
      return lazy.get();
    }
  }

  static final class GuavaMemoize extends Source {
    private final Supplier<Object> memo;

    GuavaMemoize(Supplier<Object> memo) {
      this.memo = memo;
    }

    @Override
    Object get() {
      return memo.get();
    }
  }

  static final class CommonsLazyInitializer extends Source {
    private final LazyInitializer<Object> init;

    CommonsLazyInitializer(Object value) {
      this.init = new LazyInitializer<>() {
        @Override
        protected Object initialize() {
          return value;
        }
      };
    }

    @Override
    Object get() throws ConcurrentException {
      return init.get();
    }
  }
}
