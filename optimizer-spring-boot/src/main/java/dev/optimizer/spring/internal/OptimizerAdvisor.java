package dev.optimizer.spring.internal;

import dev.optimizer.core.Optimizer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Makes the optimizer's annotations work on any Spring bean, the way {@code @EnableCaching}'s advisor does
 * for {@code @Cacheable}: an infrastructure advisor picked up by the auto-proxy creator, with a pointcut
 * that first filters classes cheaply (Spring's candidate check, then one scan per class, cached) and caches
 * each method match. The advice runs the core's interceptor chain for the method.
 *
 * <p>After every singleton is created, the chains of all matched methods are resolved: a module rejecting
 * an annotation fails startup there, and an annotation whose module is absent or off is reported. An
 * annotated {@code final}, {@code private} or {@code static} method cannot be proxied: a WARN names it.
 * Calls a bean makes on itself ({@code this.method()}) do not pass the proxy and are not intercepted.
 */
public final class OptimizerAdvisor extends StaticMethodMatcherPointcutAdvisor
    implements SmartInitializingSingleton {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(OptimizerAdvisor.class);

  private final transient OptimizerAnnotations annotations;
  private final transient OptimizerAdvice advice;
  private final transient Map<Class<?>, Boolean> candidates = new ConcurrentHashMap<>();
  private final transient Map<MethodClassKey, Boolean> matches = new ConcurrentHashMap<>();
  private final transient Set<String> unproxiable = ConcurrentHashMap.newKeySet();
  /** The matched methods, resolved after the singletons are created. */
  private final transient Map<MethodClassKey, Match> matched = new ConcurrentHashMap<>();

  private record Match(Method method, Class<?> targetClass) {}

  /**
   * @param optimizer looked up on the first intercepted call or after the singletons are created
   * @param order the advice's order among Spring's advisors (lower runs outside)
   */
  public OptimizerAdvisor(ObjectProvider<Optimizer> optimizer, int order) {
    this(optimizer, null, Map.of(), order);
  }

  /**
   * @param modules the optimizer's module beans, used only when {@code moduleOrder} is not empty
   * @param moduleOrder positions of the modules' interceptors by module name (lower runs outside); empty for
   *     the modules' own order, i.e. exactly the core's chain
   */
  public OptimizerAdvisor(ObjectProvider<Optimizer> optimizer,
      @org.jspecify.annotations.Nullable ObjectProvider<dev.optimizer.core.spi.OptimizerModule> modules,
      Map<String, Integer> moduleOrder, int order) {
    this.annotations = new OptimizerAnnotations(OptimizerAdvisor.class.getClassLoader());
    this.advice = new OptimizerAdvice(optimizer, modules, Map.copyOf(moduleOrder), annotations);
    setAdvice(advice);
    setOrder(order);
    setClassFilter(new CandidateFilter());
  }

  @Override
  public boolean matches(Method method, Class<?> targetClass) {
    MethodClassKey key = new MethodClassKey(method, targetClass);
    Boolean known = matches.get(key);
    if (known != null) {
      return known;
    }
    boolean match = isProxiable(method) && annotated(method, targetClass);
    if (match) {
      matched.put(key, new Match(method, targetClass));
    }
    matches.put(key, match);
    return match;
  }

  private boolean annotated(Method method, Class<?> targetClass) {
    return method.getDeclaringClass() != Object.class && !annotations.on(method, targetClass).isEmpty();
  }

  private static boolean isProxiable(Method method) {
    int m = method.getModifiers();
    return !Modifier.isStatic(m) && !Modifier.isPrivate(m) && !Modifier.isFinal(m);
  }

  @Override
  public void afterSingletonsInstantiated() {
    for (Match m : matched.values()) {
      advice.chain(m.method(), m.targetClass());
    }
  }

  /** Startup notes about annotations that do nothing (module absent or off), sorted. */
  public List<String> notes() {
    return advice.notes();
  }

  /** The WARNs logged for annotated methods no proxy can intercept, sorted. */
  public List<String> unproxiableWarnings() {
    return unproxiable.stream().sorted().toList();
  }

  /** Cheap first: Spring's candidate check skips java.* and the like; then one scan per class, cached. */
  private final class CandidateFilter implements ClassFilter {
    @Override
    public boolean matches(Class<?> clazz) {
      Boolean known = candidates.get(clazz);
      if (known != null) {
        return known;
      }
      boolean candidate = AnnotationUtils.isCandidateClass(clazz, annotations.types()) && scan(clazz);
      candidates.put(clazz, candidate);
      return candidate;
    }

    /** Whether any method of the hierarchy carries one of ours; WARNs for those no proxy can reach. */
    private boolean scan(Class<?> clazz) {
      boolean any = false;
      java.util.Set<Class<?>> types = new java.util.LinkedHashSet<>();
      for (Class<?> c = clazz; c != null && c != Object.class; c = c.getSuperclass()) {
        types.add(c);
      }
      types.addAll(org.springframework.util.ClassUtils.getAllInterfacesForClassAsSet(clazz));
      for (Class<?> c : types) {
        for (Method m : ReflectionUtils.getDeclaredMethods(c)) {
          for (Class<? extends Annotation> type : annotations.declaredOn(m)) {
            any = true;
            if (!isProxiable(m) && !(Modifier.isPrivate(m.getModifiers()) && c.isInterface())) {
              warnUnproxiable(m, type);
            }
          }
        }
      }
      return any;
    }

    private void warnUnproxiable(Method m, Class<? extends Annotation> type) {
      int mod = m.getModifiers();
      String kind = Modifier.isStatic(mod) ? "static" : Modifier.isPrivate(mod) ? "private" : "final";
      String text = "@" + type.getSimpleName() + " on " + kind + " method " + m.getDeclaringClass().getName()
          + "." + m.getName() + " has no effect: Spring proxies cannot intercept " + kind + " methods; make it "
          + "a public, non-final instance method";
      if (unproxiable.add(text)) {
        log.warn(text);
      }
    }
  }
}
