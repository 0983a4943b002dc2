package dev.optimizer.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.internal.DispatchHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Calls through proxies and enhanced objects after their optimizer closed. */
class ClosedOptimizerTest extends RecordingOptimizerTestBase {

  public interface Greeter {
    @Traced
    String greet(String name);
  }

  public static class GreeterImpl implements Greeter {
    @Override
    public String greet(String name) {
      return "hello " + name;
    }
  }

  public static class Counter {
    private int count;

    @Traced
    public int next() {
      return ++count;
    }
  }

  @Test
  void proxy_callAfterClose_reachesTargetWithoutInterceptorsAndWarnsOnce() {
    // Regression: issue 11 item 4
    Greeter g = optimizer.proxy(Greeter.class, new GreeterImpl());
    assertThat(g.greet("open")).isEqualTo("hello open");
    assertThat(RecordingModule.TRACE).containsExactly("outer:greet", "inner", "outer-done");
    RecordingModule.TRACE.clear();

    optimizer.close();

    assertThat(g.greet("a")).isEqualTo("hello a");
    assertThat(g.greet("b")).isEqualTo("hello b");
    assertThat(g.greet("c")).isEqualTo("hello c");
    assertThat(RecordingModule.TRACE).as("no interceptor runs once the optimizer is closed").isEmpty();
    DispatchHandler handler = (DispatchHandler) Proxy.getInvocationHandler(g);
    assertThat(handler.closedWarnings()).as("one WARN per proxy, not one per call").isEqualTo(1);
  }

  @Test
  void enhance_callAfterClose_reachesTargetWithoutInterceptors() {
    // Regression: issue 11 item 4
    Counter target = new Counter();
    Counter enhanced = optimizer.enhance(target);
    assertThat(enhanced.next()).isEqualTo(1);
    RecordingModule.TRACE.clear();

    optimizer.close();

    assertThat(enhanced.next()).isEqualTo(2);
    assertThat(enhanced.next()).isEqualTo(3);
    assertThat(target.next()).isEqualTo(4);
    assertThat(RecordingModule.TRACE).isEmpty();
  }

  @Test
  void moduleContextProxy_afterClose_throwsIllegalState() {
    RecordingModule module = optimizer.module(RecordingModule.class);
    assertThat(module.context.proxy(Greeter.class, new GreeterImpl()).greet("open")).isEqualTo("hello open");

    optimizer.close();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> module.context.proxy(Greeter.class, new GreeterImpl()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
