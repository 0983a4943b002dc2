package dev.optimizer.core.internal;

import dev.optimizer.core.spi.MethodInterceptor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler behind every proxy and enhanced class. Routes were resolved once, when the proxy was made;
 * a call only looks its route up (an immutable map) and runs it. A route without interceptors goes
 * straight to the target.
 *
 * <p>Once the engine that made it is closed, every call goes straight to the target: the interceptors
 * belong to modules that are closed (or closing), so running them would touch a closed cache, batch
 * processor or lazy registry. The first such call logs one WARN per handler.
 */
public final class DispatchHandler implements InvocationHandler {
  private static final Logger log = LoggerFactory.getLogger(DispatchHandler.class);
  private static final Object[] NO_ARGS = new Object[0];

  /** Where one method's calls go: the interceptors, then {@code invokable} on the target. */
  record Route(Method invokable, MethodInterceptor[] chain) {}

  private final InterceptionEngine engine;
  private final Class<?> proxiedType;
  private final Object target;
  private final Map<Method, Route> routes;
  /**
   * Routes keyed by the very {@code Method} objects the proxy passes in. A proxy class hands the same
   * instance on every call, so after the first call per method an identity lookup (no name or parameter
   * comparison) finds the route. Copy-on-write: written once per method, read on every call.
   */
  private volatile IdentityHashMap<Method, Route> byIdentity = new IdentityHashMap<>();
  /** WARNs logged for calls after close: at most one, read by tests. */
  private final AtomicInteger closedWarnings = new AtomicInteger();

  DispatchHandler(InterceptionEngine engine, Class<?> proxiedType, Object target, Map<Method, Route> routes) {
    this.engine = engine;
    this.proxiedType = proxiedType;
    this.target = target;
    this.routes = Map.copyOf(routes);
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
      throws Throwable {
    Route route = byIdentity.get(method);
    if (route == null) {
      route = learn(method);
    }
    Object[] a = args == null ? NO_ARGS : args;
    if (route == null) {
      return ChainInvocation.invokeTarget(method, target, a);
    }
    // Un-intercepted routes behave the same open or closed, so only intercepted calls pay the closed check.
    if (route.chain.length == 0) {
      return ChainInvocation.invokeTarget(route.invokable, target, a);
    }
    if (engine.closed) {
      warnClosedOnce();
      return ChainInvocation.invokeTarget(route.invokable, target, a);
    }
    // Straight into the first interceptor: an invocation at index 0 would only check the argument count
    // (the proxy passes the method's own arguments) and allocate the invocation for index 1.
    return route.chain[0].intercept(new ChainInvocation(route.invokable, target, a, route.chain, 1));
  }

  private void warnClosedOnce() {
    if (closedWarnings.get() == 0 && closedWarnings.compareAndSet(0, 1)) {
      log.warn("proxy of {} called after its optimizer was closed: calls now go straight to the target, "
          + "without caching, batching or any other module's interceptors", proxiedType.getName());
    }
  }

  private synchronized @Nullable Route learn(Method method) {
    Route route = routes.get(method);
    if (route != null) {
      IdentityHashMap<Method, Route> next = new IdentityHashMap<>(byIdentity);
      next.put(method, route);
      byIdentity = next;
    }
    return route;
  }

  /** The object calls end up on. */
  public Object target() {
    return target;
  }

  /** How many WARNs this handler logged for calls after close: 0 or 1. */
  public int closedWarnings() {
    return closedWarnings.get();
  }
}
