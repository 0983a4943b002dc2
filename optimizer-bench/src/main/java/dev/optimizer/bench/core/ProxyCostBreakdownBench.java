package dev.optimizer.bench.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Diagnostics, not a comparison with a peer: the steps a call through {@code optimizer.proxy()} pays for,
 * each measured alone, to see where {@link ProxyBench}'s added nanoseconds go. Steps: boxing the
 * arguments into an {@code Object[]}; {@code Method.invoke} on an accessible method; the same through a
 * spread {@code MethodHandle}; the route lookup in an immutable map keyed by {@code Method} when the
 * caller's {@code Method} is an equal copy (what the JDK proxy hands the handler) or the very key, and in
 * an {@code IdentityHashMap}; a bare
 * JDK proxy whose handler calls {@code Method.invoke}, and one calling a {@code MethodHandle}.
 *
 * <p>In the opt-in group {@code diagnostics}: the suite runs it only when asked, with
 * {@code --groups diagnostics}, or alone:
 * <pre>
 * java -jar optimizer-bench/target/optimizer-bench.jar --jmh 'ProxyCostBreakdownBench|ProxyBench' -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class ProxyCostBreakdownBench {
  /** The suite group: opt-in diagnostics. */
  public static final String GROUP = "diagnostics";

  /** The step measured. */
  public enum Step {
    /** A direct interface call: the floor. */
    DIRECT,
    /** Boxing two ints into an {@code Object[]} and unboxing them. */
    BOX_ARGS,
    /** {@code Method.invoke} on an accessible method with boxed arguments. */
    REFLECT_INVOKE,
    /** A spread, generic {@code MethodHandle} held in a field. */
    MH_INVOKE,
    /** {@code Map.get} with an equal but distinct {@code Method} (runs {@code Method.equals}). */
    MAP_GET_EQUAL_METHOD,
    /** {@code Map.get} with the key instance itself ({@code Method.equals} still compares the fields). */
    MAP_GET_SAME_METHOD,
    /** {@code IdentityHashMap.get} with the key instance: no {@code Method.equals}, no field compares. */
    IDENTITY_MAP_GET,
    /** A JDK proxy whose handler only calls {@code Method.invoke}. */
    PROXY_REFLECT,
    /** A JDK proxy whose handler only calls a {@code MethodHandle}. */
    PROXY_METHOD_HANDLE,
    /** A JDK proxy whose handler looks the route up in a {@code Map<Method, ?>} (as the engine does). */
    PROXY_MAP_ROUTE,
    /**
     * A JDK proxy whose handler finds the route by identity ({@code ==} over the few methods it has
     * seen), falling back to the map: the lookup the engine could use.
     */
    PROXY_IDENTITY_ROUTE
  }

  /** The step measured. */
  @Param
  public Step step;

  private final ProxyBench.Calculator target = new ProxyBench.Adder();
  private ProxyBench.Calculator proxy;
  private Method method;
  private Method equalCopy;
  private MethodHandle handle;
  private Map<Method, Object> routes;
  private Method key;
  private Map<Method, Object> identityRoutes;
  private int a = 1;
  private int b = 2;

  /** Builds the reflective objects and the proxy for the step. */
  @Setup
  public void setUp() throws ReflectiveOperationException {
    method = ProxyBench.Adder.class.getMethod("add", int.class, int.class);
    method.setAccessible(true);
    equalCopy = ProxyBench.Calculator.class.getMethod("add", int.class, int.class);
    routes = Map.copyOf(Map.of(ProxyBench.Calculator.class.getMethod("add", int.class, int.class), "route",
        Object.class.getMethod("hashCode"), "other"));
    key = routes.keySet().stream().filter(k -> k.getName().equals("add")).findFirst().orElseThrow();
    identityRoutes = new IdentityHashMap<>(Map.of(key, "route", Object.class.getMethod("hashCode"), "other"));
    handle = MethodHandles.lookup().unreflect(method).asSpreader(Object[].class, 2)
        .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
    MethodHandle h = handle;
    Method m = method;
    Object t = target;
    Map<Method, Method> byEqual = Map.copyOf(Map.of(equalCopy, m, Object.class.getMethod("hashCode"),
        Object.class.getMethod("hashCode")));
    Method[] seenKeys = new Method[1];
    Method[] seenRoutes = new Method[1];
    InvocationHandler handler = switch (step) {
      case PROXY_METHOD_HANDLE -> (p, called, args) -> h.invokeExact(t, args);
      case PROXY_MAP_ROUTE -> (p, called, args) -> byEqual.get(called).invoke(t, args);
      case PROXY_IDENTITY_ROUTE -> (p, called, args) -> {
        Method route = seenKeys[0] == called ? seenRoutes[0] : null;
        if (route == null) {
          route = byEqual.get(called);
          seenRoutes[0] = route;
          seenKeys[0] = called;
        }
        return route.invoke(t, args);
      };
      default -> (p, called, args) -> m.invoke(t, args);
    };
    proxy = (ProxyBench.Calculator) Proxy.newProxyInstance(ProxyBench.Calculator.class.getClassLoader(),
        new Class<?>[] {ProxyBench.Calculator.class}, handler);
  }

  /** One step. */
  @Benchmark
  public Object run() throws Throwable {
    switch (step) {
      case DIRECT:
        return target.add(a, b);
      case BOX_ARGS:
        Object[] args = {a, b};
        return (Integer) args[0] + (Integer) args[1];
      case REFLECT_INVOKE:
        return method.invoke(target, new Object[] {a, b});
      case MH_INVOKE:
        return (Object) handle.invokeExact((Object) target, new Object[] {a, b});
      case MAP_GET_EQUAL_METHOD:
        return routes.get(equalCopy);
      case MAP_GET_SAME_METHOD:
        return routes.get(key);
      case IDENTITY_MAP_GET:
        return identityRoutes.get(key);
      default:
        return proxy.add(a, b);
    }
  }
}
