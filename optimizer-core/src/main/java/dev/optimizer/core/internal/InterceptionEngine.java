package dev.optimizer.core.internal;

import dev.optimizer.core.Feature;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.spi.OptimizerModule;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.InvocationHandlerAdapter;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes proxies: JDK proxies for interfaces and ByteBuddy subclasses for classes. Interceptor chains are
 * resolved once per method here; a method no module wants goes straight to the target.
 */
public final class InterceptionEngine {
  private static final Logger log = LoggerFactory.getLogger(InterceptionEngine.class);
  private static final String TARGET_FIELD = "optimizer$target";
  private static final String HANDLER_FIELD = "optimizer$handler";

  /** Generated subclasses per class and set of intercepted methods, so repeated enhance() is cheap. */
  private static final ClassValue<ConcurrentMap<String, Class<?>>> SUBCLASSES = new ClassValue<>() {
    @Override
    protected ConcurrentMap<String, Class<?>> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  private static final MethodInterceptor[] NO_INTERCEPTORS = new MethodInterceptor[0];

  private final List<OptimizerModule> modules;
  private final OptimizerConfig config;
  /**
   * Read by every intercepted call of every proxy this engine made (one volatile read); once true, those
   * calls skip their interceptors. Never goes back to false.
   */
  volatile boolean closed;

  /** @param modules started modules, in chain order (outermost first) */
  public InterceptionEngine(List<OptimizerModule> modules, OptimizerConfig config) {
    this.modules = List.copyOf(modules);
    this.config = config;
  }

  /**
   * From now on, calls through every proxy and enhanced object this engine made go straight to their
   * targets, without interceptors; the first such call of each logs one WARN. Proxies made after this
   * call behave the same. Idempotent.
   */
  public void close() {
    closed = true;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * A JDK proxy implementing {@code type} that routes calls through the resolved interceptors to
   * {@code target}. Annotations are looked up with {@link dev.optimizer.core.spi.AnnotationLookup}'s
   * interface-proxy rule: {@code type}'s hierarchy and the target's implementation, never another
   * interface the target implements.
   */
  public <T> T proxy(Class<T> type, T target) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    if (!type.isInterface()) {
      throw new IllegalArgumentException(type.getName() + " is not an interface; use enhance(target) "
          + "for classes");
    }
    if (!type.isInstance(target)) {
      throw new IllegalArgumentException("target " + target.getClass().getName() + " does not implement "
          + type.getName());
    }
    Map<Method, DispatchHandler.Route> routes = new HashMap<>();
    for (Method m : type.getMethods()) {
      if (!Modifier.isStatic(m.getModifiers())) {
        routes.put(m, new DispatchHandler.Route(accessible(m), resolve(m, target.getClass())
            .orElse(NO_INTERCEPTORS)));
      }
    }
    DispatchHandler handler = new DispatchHandler(this, type, target, routes);
    Object p = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    return type.cast(p);
  }

  /**
   * A ByteBuddy subclass instance of {@code target}'s class whose intercepted methods run the chain and
   * whose other overridable methods delegate straight to {@code target}. Final methods cannot be
   * overridden and so are neither intercepted nor delegated: called on the enhanced object they run on
   * its own (uninitialised) state, so keep state-reading methods non-final. The subclass is created
   * without running any constructor. Annotations are looked up with
   * {@link dev.optimizer.core.spi.AnnotationLookup}'s class-proxy rule: the proxied type is the class, so
   * declarations in its superclasses and in every interface it implements count.
   */
  @SuppressWarnings("unchecked")
  public <T> T enhance(T target) {
    Objects.requireNonNull(target, "target");
    Class<?> type = target.getClass();
    if (Modifier.isFinal(type.getModifiers())) {
      throw new IllegalArgumentException("cannot enhance final class " + type.getName()
          + "; make it non-final or use proxy() with an interface");
    }
    if (type.isAnonymousClass() || type.isSynthetic() || type.isHidden()) {
      throw new IllegalArgumentException("cannot enhance " + type.getName() + ": anonymous, synthetic and "
          + "hidden classes cannot be subclassed");
    }
    Map<Method, MethodInterceptor[]> chains = new LinkedHashMap<>();
    Map<Method, DispatchHandler.Route> routes = new HashMap<>();
    for (Method m : overridableMethods(type)) {
      resolve(m, type).ifPresent(c -> {
        chains.put(m, c);
        routes.put(m, new DispatchHandler.Route(accessible(m), c));
      });
    }
    TreeSet<String> signature = new TreeSet<>();
    chains.keySet().forEach(m -> signature.add(m.toGenericString()));
    Class<?> sub = SUBCLASSES.get(type).computeIfAbsent(String.join("|", signature),
        k -> generate(type, List.copyOf(chains.keySet())));
    try {
      Object instance = instantiateWithoutConstructor(sub);
      Field t = sub.getDeclaredField(TARGET_FIELD);
      t.setAccessible(true);
      t.set(instance, target);
      Field h = sub.getDeclaredField(HANDLER_FIELD);
      h.setAccessible(true);
      h.set(instance, new DispatchHandler(this, type, target, routes));
      return (T) instance;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate enhanced " + type.getName(), e);
    }
  }

  /**
   * The interceptors {@link #proxy} and {@link #enhance} would run for {@code method} called on an instance
   * of {@code targetClass}, outermost first; empty when no enabled module wants the method.
   */
  public List<MethodInterceptor> chainFor(Method method, Class<?> targetClass) {
    return resolve(method, targetClass).map(List::of).orElse(List.of());
  }

  private Optional<MethodInterceptor[]> resolve(Method method, Class<?> targetClass) {
    List<MethodInterceptor> all = new ArrayList<>();
    for (OptimizerModule module : modules) {
      Optional<Feature> feature = module.feature();
      if (feature.isPresent() && !config.isEnabled(feature.get())) {
        continue;
      }
      all.addAll(module.interceptorsFor(method, targetClass));
    }
    if (all.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(all.toArray(new MethodInterceptor[0]));
  }

  /**
   * {@code m} made accessible when allowed: that lets a package-private interface be proxied, and it
   * also spares {@code Method.invoke} its per-call caller check on the hot path.
   */
  private static Method accessible(Method m) {
    if (!m.trySetAccessible()) {
      log.debug("cannot make {} accessible; relying on public access", m);
    }
    return m;
  }

  /** Non-static, non-final, non-private methods of the hierarchy, most specific declaration first. */
  private static List<Method> overridableMethods(Class<?> type) {
    Map<String, Method> bySignature = new LinkedHashMap<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        int mod = m.getModifiers();
        if (Modifier.isStatic(mod) || Modifier.isPrivate(mod) || m.isSynthetic() || m.isBridge()) {
          continue;
        }
        bySignature.putIfAbsent(m.getName() + Arrays.toString(m.getParameterTypes()), m);
      }
    }
    for (Class<?> i : allInterfaces(type)) {
      for (Method m : i.getMethods()) {
        if (m.isDefault()) {
          bySignature.putIfAbsent(m.getName() + Arrays.toString(m.getParameterTypes()), m);
        }
      }
    }
    List<Method> out = new ArrayList<>();
    for (Method m : bySignature.values()) {
      if (!Modifier.isFinal(m.getModifiers())) {
        out.add(m);
      }
    }
    return out;
  }

  private static List<Class<?>> allInterfaces(Class<?> type) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      out.addAll(Arrays.asList(c.getInterfaces()));
    }
    return out;
  }

  private static Class<?> generate(Class<?> type, List<Method> intercepted) {
    ElementMatcher.Junction<MethodDescription> passThrough = ElementMatchers.<MethodDescription>not(
            ElementMatchers.isFinal())
        .and(ElementMatchers.not(ElementMatchers.isStatic()))
        .and(ElementMatchers.not(ElementMatchers.isPrivate()))
        .and(ElementMatchers.not(ElementMatchers.isDeclaredBy(Object.class)
            .and(ElementMatchers.not(ElementMatchers.named("toString")
                .or(ElementMatchers.named("equals")).or(ElementMatchers.named("hashCode"))))));
    ElementMatcher.Junction<MethodDescription> interceptedMatcher = ElementMatchers.none();
    for (Method m : intercepted) {
      interceptedMatcher = interceptedMatcher.or(ElementMatchers.is(m));
    }
    // Later registrations take precedence in ByteBuddy: the intercepted methods are matched first.
    var builder = new ByteBuddy()
        .subclass(type, ConstructorStrategy.Default.NO_CONSTRUCTORS)
        .defineField(TARGET_FIELD, type, Visibility.PRIVATE)
        .defineField(HANDLER_FIELD, java.lang.reflect.InvocationHandler.class, Visibility.PRIVATE)
        .method(passThrough)
        .intercept(MethodCall.invokeSelf().onField(TARGET_FIELD).withAllArguments())
        .method(interceptedMatcher)
        .intercept(InvocationHandlerAdapter.toField(HANDLER_FIELD));
    try (var unloaded = builder.make()) {
      return unloaded.load(type.getClassLoader(), loadingStrategy(type)).getLoaded();
    }
  }

  private static ClassLoadingStrategy<ClassLoader> loadingStrategy(Class<?> type) {
    if (ClassInjector.UsingLookup.isAvailable()) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        return ClassLoadingStrategy.UsingLookup.of(lookup);
      } catch (IllegalAccessException | RuntimeException e) {
        log.debug("no private lookup into {}; defining the subclass in a child loader", type, e);
      }
    }
    return ClassLoadingStrategy.Default.WRAPPER;
  }

  private static Object instantiateWithoutConstructor(Class<?> sub) throws ReflectiveOperationException {
    // The target already exists; running the user's constructor again could have side effects.
    Constructor<?> objectConstructor = Object.class.getDeclaredConstructor();
    @SuppressWarnings("sunapi")
    Constructor<?> c = sun.reflect.ReflectionFactory.getReflectionFactory()
        .newConstructorForSerialization(sub, objectConstructor);
    return c.newInstance();
  }
}
