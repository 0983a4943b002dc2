package dev.optimizer.core;

import dev.optimizer.core.spi.OptimizerModule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InterceptionTest extends RecordingOptimizerTestBase {

  public interface Greeter {
    @Traced
    String greet(String name);

    String plain(String name);

    @Traced
    void fail(boolean checked) throws IOException;

    String undeclared();

    default String viaDefault() {
      return "default:" + plain("d");
    }
  }

  public static class GreeterImpl implements Greeter {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String greet(String name) {
      calls.incrementAndGet();
      return "hello " + name;
    }

    @Override
    public String plain(String name) {
      calls.incrementAndGet();
      return "plain " + name;
    }

    @Override
    public void fail(boolean checked) throws IOException {
      if (checked) {
        throw new IOException("disk");
      }
      throw new IllegalStateException("state");
    }

    @Override
    @Traced
    public String undeclared() {
      return "impl-annotated";
    }
  }

  /** A class (no interface) with state set in the constructor, for enhance(). */
  public static class Counter {
    private final String prefix;
    private int count;
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    public Counter(String prefix) {
      this.prefix = prefix;
      CONSTRUCTED.incrementAndGet();
    }

    @Traced
    public String next() {
      return prefix + (++count);
    }

    public int count() {
      return count;
    }

    @Traced
    protected String guarded() throws IOException {
      throw new IOException("guarded");
    }

    public final String finalMethod() {
      return "final:" + prefix;
    }
  }

  interface Hidden {
    @Traced
    int twice(int x);

    int plain(int x);
  }

  @Test
  void builder_moduleInMetaInfServices_discoveredStartedAndReachable() {
    RecordingModule module = optimizer.module(RecordingModule.class);
    assertThat(module.started).isTrue();
    assertThat(optimizer.moduleNames()).contains("recording");
    optimizer.close();
    assertThat(module.closed).isTrue();
  }

  @Test
  void module_absentType_failsNamingIt() {
    abstract class Missing implements OptimizerModule { }
    assertThatThrownBy(() -> optimizer.module(Missing.class))
        .isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageContaining("Missing");
  }

  @Test
  void proxy_annotatedMethod_interceptorsRunOutermostFirst() {
    Greeter g = optimizer.proxy(Greeter.class, new GreeterImpl());
    assertThat(g.greet("ann")).isEqualTo("hello ann");
    assertThat(RecordingModule.TRACE).containsExactly("outer:greet", "inner", "outer-done");
  }

  @Test
  void proxy_plainMethod_goesStraightToTarget() {
    GreeterImpl impl = new GreeterImpl();
    Greeter g = optimizer.proxy(Greeter.class, impl);
    assertThat(g.plain("x")).isEqualTo("plain x");
    assertThat(g.viaDefault()).isEqualTo("default:plain d");
    assertThat(RecordingModule.TRACE).isEmpty();
    assertThat(impl.calls).hasValue(2);
  }

  @Test
  void proxy_annotationOnImplementationOnly_isHonoured() {
    Greeter g = optimizer.proxy(Greeter.class, new GreeterImpl());
    assertThat(g.undeclared()).isEqualTo("impl-annotated");
    assertThat(RecordingModule.TRACE).contains("outer:undeclared");
  }

  @Test
  void proxy_targetThrows_callerGetsSameExceptionUnwrapped() {
    Greeter g = optimizer.proxy(Greeter.class, new GreeterImpl());
    assertThatThrownBy(() -> g.fail(true)).isExactlyInstanceOf(IOException.class).hasMessage("disk");
    assertThatThrownBy(() -> g.fail(false)).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("state");
  }

  @Test
  void proxy_interceptorsResolvedOncePerMethodNotPerCall() {
    RecordingModule module = optimizer.module(RecordingModule.class);
    Greeter g = optimizer.proxy(Greeter.class, new GreeterImpl());
    int afterCreation = module.resolutions;
    for (int i = 0; i < 100; i++) {
      g.greet("n");
    }
    assertThat(module.resolutions).isEqualTo(afterCreation);
  }

  @Test
  void proxy_objectMethods_delegateToTarget() {
    GreeterImpl impl = new GreeterImpl();
    Greeter g = optimizer.proxy(Greeter.class, impl);
    assertThat(g.toString()).isEqualTo(impl.toString());
    assertThat(g.hashCode()).isEqualTo(impl.hashCode());
  }

  @Test
  void proxy_packagePrivateInterface_bothRoutesReachTarget() {
    Hidden h = optimizer.proxy(Hidden.class, new Hidden() {
      @Override
      public int twice(int x) {
        return 2 * x;
      }

      @Override
      public int plain(int x) {
        return x + 1;
      }
    });
    assertThat(h.twice(21)).isEqualTo(42);
    assertThat(h.plain(1)).isEqualTo(2);
    assertThat(RecordingModule.TRACE).containsExactly("outer:twice", "inner", "outer-done");
  }

  @Test
  void proxy_notAnInterface_rejected() {
    assertThatThrownBy(() -> optimizer.proxy(GreeterImpl.class, new GreeterImpl()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an interface");
  }

  @Test
  void proxy_featureOff_methodsGoStraightThrough() {
    try (Optimizer off = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().profile(Profile.TEST).build()).build()) {
      Greeter g = off.proxy(Greeter.class, new GreeterImpl());
      assertThat(g.greet("t")).isEqualTo("hello t");
      assertThat(RecordingModule.TRACE).isEmpty();
    }
  }

  @Test
  void enhance_class_interceptsAnnotatedAndDelegatesStateToTarget() {
    int constructedBefore = Counter.CONSTRUCTED.get();
    Counter target = new Counter("n");
    Counter enhanced = optimizer.enhance(target);

    assertThat(enhanced).isNotSameAs(target).isInstanceOf(Counter.class);
    assertThat(Counter.CONSTRUCTED.get()).as("constructor not run again").isEqualTo(constructedBefore + 1);
    assertThat(enhanced.next()).isEqualTo("n1");
    assertThat(enhanced.next()).isEqualTo("n2");
    assertThat(enhanced.count()).as("plain method reaches the target's state").isEqualTo(2);
    assertThat(target.count()).isEqualTo(2);
    assertThat(RecordingModule.TRACE).containsExactly("outer:next", "inner", "outer-done",
        "outer:next", "inner", "outer-done");
  }

  @Test
  void enhance_checkedExceptionFromProtectedMethod_reachesCallerUnchanged() {
    Counter enhanced = optimizer.enhance(new Counter("x"));
    assertThatThrownBy(enhanced::guarded).isExactlyInstanceOf(IOException.class).hasMessage("guarded");
    assertThat(RecordingModule.TRACE).contains("outer:guarded");
  }

  @Test
  void enhance_finalMethod_notInterceptedAndDocumentedAsSuch() {
    Counter enhanced = optimizer.enhance(new Counter("x"));
    // Final methods cannot be overridden: they run on the enhanced instance's own (empty) state.
    assertThat(enhanced.finalMethod()).isEqualTo("final:null");
  }

  @Test
  void enhance_twice_reusesGeneratedClass() {
    Counter a = optimizer.enhance(new Counter("a"));
    Counter b = optimizer.enhance(new Counter("b"));
    assertThat(a.getClass()).isSameAs(b.getClass());
    assertThat(a.next()).isEqualTo("a1");
    assertThat(b.next()).isEqualTo("b1");
  }

  @Test
  void enhance_finalClass_rejectedWithAdvice() {
    assertThatThrownBy(() -> optimizer.enhance("a string"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("final class java.lang.String");
  }

  @Test
  void proxy_afterClose_rejected() {
    optimizer.close();
    assertThatThrownBy(() -> optimizer.proxy(Greeter.class, new GreeterImpl()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void close_monitoringOn_leavesNoOptimizerThread() {
    try (Optimizer live = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().monitorInterval(java.time.Duration.ofMillis(20))
            .build())
        .sampleSource(new ScriptedSampleSource()).build()) {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> live.monitor().snapshot().samples() > 1);
    }
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> SystemMonitorTest.threadNames().stream().noneMatch(n -> n.startsWith("optimizer-")));
    assertThat(List.copyOf(SystemMonitorTest.threadNames())).noneMatch(n -> n.startsWith("optimizer-"));
  }
}
