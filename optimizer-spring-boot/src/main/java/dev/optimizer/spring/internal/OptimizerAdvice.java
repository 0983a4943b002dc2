package dev.optimizer.spring.internal;

import dev.optimizer.core.Optimizer;
import dev.optimizer.core.spi.MethodInterceptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodClassKey;

/**
 * The advice of {@link OptimizerAdvisor}: runs, for each call, the interceptor chain the core resolved once
 * for that method and target class ({@link Optimizer#interceptorsFor}), then continues Spring's chain. The
 * optimizer is looked up on first use, so the advisor itself never forces the optimizer (and the meter
 * registry it binds to) to be created while Spring is still setting up its post-processors.
 */
final class OptimizerAdvice implements org.aopalliance.intercept.MethodInterceptor {
  private static final Logger log = LoggerFactory.getLogger(OptimizerAdvice.class);
  private static final MethodInterceptor[] NONE = new MethodInterceptor[0];

  private final ObjectProvider<Optimizer> optimizerProvider;
  private final @Nullable ObjectProvider<dev.optimizer.core.spi.OptimizerModule> moduleBeans;
  private final Map<String, Integer> moduleOrder;
  private final OptimizerAnnotations annotations;
  private final Map<MethodClassKey, MethodInterceptor[]> chains = new ConcurrentHashMap<>();
  /** Startup notes (modules missing or switched off), one per method; logged and kept for tests. */
  private final Map<MethodClassKey, String> notes = new ConcurrentHashMap<>();
  private volatile @Nullable Optimizer optimizer;

  OptimizerAdvice(ObjectProvider<Optimizer> optimizerProvider,
      @Nullable ObjectProvider<dev.optimizer.core.spi.OptimizerModule> moduleBeans, Map<String, Integer> moduleOrder,
      OptimizerAnnotations annotations) {
    this.optimizerProvider = optimizerProvider;
    this.moduleBeans = moduleBeans;
    this.moduleOrder = moduleOrder;
    this.annotations = annotations;
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    Object target = invocation.getThis();
    Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
    MethodInterceptor[] chain = chain(invocation.getMethod(), targetClass);
    Optimizer o = optimizer;
    if (chain.length == 0 || o == null || o.isClosed() || !(invocation instanceof ProxyMethodInvocation pmi)) {
      return invocation.proceed();
    }
    return chain[0].intercept(new SpringInvocation(pmi, chain, 1, invocation.getArguments()));
  }

  /** The chain for {@code method} on {@code targetClass}, resolved on the first call and kept. */
  MethodInterceptor[] chain(Method method, Class<?> targetClass) {
    MethodClassKey key = new MethodClassKey(method, targetClass);
    MethodInterceptor[] chain = chains.get(key);
    if (chain == null) {
      chain = chains.computeIfAbsent(key, k -> resolve(method, targetClass));
    }
    return chain;
  }

  private MethodInterceptor[] resolve(Method method, Class<?> targetClass) {
    Optimizer o = optimizer;
    if (o == null) {
      o = optimizerProvider.getIfAvailable();
      if (o == null) {
        return NONE;
      }
      optimizer = o;
    }
    if (o.isClosed()) {
      return NONE;
    }
    note(o, method, targetClass);
    List<MethodInterceptor> list = moduleOrder.isEmpty() || moduleBeans == null
        ? o.interceptorsFor(method, targetClass) : reordered(o, method, targetClass);
    return list.isEmpty() ? NONE : list.toArray(NONE);
  }

  /**
   * The core's chain with the modules in the configured order: each started module's interceptors, as the
   * core resolves them (features that are off left out), modules sorted by {@code optimizer.advisor
   * .module-order}, else their own order.
   */
  private List<MethodInterceptor> reordered(Optimizer o, Method method, Class<?> targetClass) {
    List<String> started = o.moduleNames();
    for (String name : moduleOrder.keySet()) {
      if (!started.contains(name)) {
        throw new dev.optimizer.core.InvalidSettingException("optimizer.advisor.module-order." + name,
            "'" + name + "' is not one of the started modules " + started);
      }
    }
    List<dev.optimizer.core.spi.OptimizerModule> modules = new ArrayList<>(moduleBeans.orderedStream()
        .filter(m -> started.contains(m.name())).toList());
    modules.sort(java.util.Comparator.comparingInt(m -> moduleOrder.getOrDefault(m.name(), m.order())));
    List<MethodInterceptor> out = new ArrayList<>();
    for (dev.optimizer.core.spi.OptimizerModule m : modules) {
      if (m.feature().map(f -> o.config().isEnabled(f)).orElse(true)) {
        out.addAll(m.interceptorsFor(method, targetClass));
      }
    }
    return out;
  }

  /** Says when an annotation on the method does nothing because its module is absent or switched off. */
  private void note(Optimizer o, Method method, Class<?> targetClass) {
    TreeSet<String> missing = new TreeSet<>();
    TreeSet<String> off = new TreeSet<>();
    for (Class<? extends Annotation> type : annotations.on(method, targetClass)) {
      String module = annotations.moduleOf(type);
      if (module == null) {
        continue;
      }
      String where = "@" + type.getSimpleName() + " on " + targetClass.getName() + "." + method.getName();
      if (!o.moduleNames().contains(module)) {
        missing.add(where + " does nothing: the optimizer's " + module + " module is not loaded (add "
            + "optimizer-" + module + " to the application, or check that its auto-configuration is not "
            + "excluded)");
      } else if (!enabled(o, module)) {
        off.add(where + " does nothing: the " + module + " feature is off (" + OptimizerAnnotations.SWITCH_OF
            .get(module) + "=false, or profile TEST)");
      }
    }
    if (missing.isEmpty() && off.isEmpty()) {
      return;
    }
    List<String> all = new ArrayList<>(missing);
    all.addAll(off);
    String text = String.join("; ", all);
    if (notes.putIfAbsent(new MethodClassKey(method, targetClass), text) == null) {
      if (missing.isEmpty()) {
        log.info(text);
      } else {
        log.warn(text);
      }
    }
  }

  private static boolean enabled(Optimizer o, String module) {
    dev.optimizer.core.Feature feature = switch (module) {
      case "cache" -> dev.optimizer.core.Feature.CACHE;
      case "batch" -> dev.optimizer.core.Feature.BATCH;
      case "lazy" -> dev.optimizer.core.Feature.LAZY;
      case "compress" -> dev.optimizer.core.Feature.COMPRESSION;
      case "limit" -> dev.optimizer.core.Feature.LIMIT;
      default -> null;
    };
    return feature == null || o.config().isEnabled(feature);
  }

  /** What startup said about annotations that do nothing; for tests and the actuator endpoint. */
  List<String> notes() {
    return List.copyOf(new TreeSet<>(notes.values()));
  }
}
