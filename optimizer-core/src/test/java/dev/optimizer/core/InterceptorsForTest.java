package dev.optimizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.core.spi.OptimizerModule;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Optimizer#interceptorsFor}: the chain a proxy would run, for integrations making their own proxies. */
class InterceptorsForTest {
  interface Service {
    String call();

    String plain();
  }

  /** Wants {@code call} only, at the given order, behind the given feature. */
  record Module(String name, int order, Feature switchedBy, MethodInterceptor interceptor) implements OptimizerModule {
    @Override
    public Optional<Feature> feature() {
      return Optional.of(switchedBy);
    }

    @Override
    public List<MethodInterceptor> interceptorsFor(Method method, Class<?> targetClass) {
      return method.getName().equals("call") ? List.of(interceptor) : List.of();
    }
  }

  @Test
  void interceptorsFor_modulesInOrder_featureOffLeftOut_unwantedEmpty_closedThrows() throws Exception {
    MethodInterceptor outer = inv -> "outer(" + inv.proceed() + ")";
    MethodInterceptor inner = inv -> "inner(" + inv.proceed() + ")";
    MethodInterceptor off = inv -> "off";
    Optimizer optimizer = Optimizer.builder().discoverModules(false)
        .config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
            .feature(Feature.LAZY, false).build())
        .module(new Module("inner", 300, Feature.BATCH, inner))
        .module(new Module("outer", 100, Feature.CACHE, outer))
        .module(new Module("off", 50, Feature.LAZY, off))
        .build();
    Method call = Service.class.getMethod("call");
    assertThat(optimizer.interceptorsFor(call, Object.class)).containsExactly(outer, inner);
    assertThat(optimizer.interceptorsFor(Service.class.getMethod("plain"), Object.class)).isEmpty();
    // The same chain a proxy runs:
    Service proxy = optimizer.proxy(Service.class, new Service() {
      @Override
      public String call() {
        return "x";
      }

      @Override
      public String plain() {
        return "p";
      }
    });
    assertThat(proxy.call()).isEqualTo("outer(inner(x))");
    optimizer.close();
    assertThatThrownBy(() -> optimizer.interceptorsFor(call, Object.class))
        .isInstanceOf(IllegalStateException.class);
  }
}
