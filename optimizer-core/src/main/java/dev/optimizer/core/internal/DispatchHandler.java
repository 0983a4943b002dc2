package dev.optimizer.core.internal;

import dev.optimizer.core.MethodInterceptor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The handler behind every proxy and enhanced class. Routes were resolved once, when the proxy was made;
 * a call only looks its route up (an immutable map) and runs it. A route without interceptors goes
 * straight to the target.
 */
public final class DispatchHandler implements InvocationHandler {
  private static final Object[] NO_ARGS = new Object[0];

  /** Where one method's calls go: the interceptors, then {@code invokable} on the target. */
  record Route(Method invokable, MethodInterceptor[] chain) {}

  private final Object target;
  private final Map<Method, Route> routes;
  /**
   * Routes keyed by the very {@code Method} objects the proxy passes in. A proxy class hands the same
   * instance on every call, so after the first call per method an identity lookup (no name or parameter
   * comparison) finds the route. Copy-on-write: written once per method, read on every call.
   */
  private volatile IdentityHashMap<Method, Route> byIdentity = new IdentityHashMap<>();

  DispatchHandler(Object target, Map<Method, Route> routes) {
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
    if (route.chain.length == 0) {
      return ChainInvocation.invokeTarget(route.invokable, target, a);
    }
    return new ChainInvocation(route.invokable, target, a, route.chain, 0).proceed();
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
}
