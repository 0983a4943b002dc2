package dev.optimizer.batch.internal;

import dev.optimizer.batch.Coalescer;
import dev.optimizer.batch.MissingKeyPolicy;
import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * {@code @BatchProcess(bulk = ...)}: collapses concurrent single-key calls into calls of the bulk method
 * through one {@link Coalescer} per target object.
 */
public final class CoalescingInterceptor implements MethodInterceptor, AutoCloseable {
  private enum ReturnKind { VALUE, OPTIONAL, FUTURE }

  private final String name;
  private final Method bulk;
  private final boolean bulkTakesList;
  private final ReturnKind returnKind;
  private final MissingKeyPolicy missing;
  private final int batchSize;
  private final Duration maxDelay;
  private final @Nullable MeterRegistry registry;
  private final Map<IdentityKey, Coalescer<Object, Object>> coalescers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private record IdentityKey(Object target) {
    @Override
    public boolean equals(Object o) {
      return o instanceof IdentityKey k && k.target == target;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(target);
    }
  }

  private CoalescingInterceptor(String name, Method bulk, ReturnKind returnKind, MissingKeyPolicy missing,
      int batchSize, Duration maxDelay, @Nullable MeterRegistry registry) {
    this.name = name;
    this.bulk = bulk;
    this.bulkTakesList = bulk.getParameterTypes()[0] == List.class;
    this.returnKind = returnKind;
    this.missing = missing;
    this.batchSize = batchSize;
    this.maxDelay = maxDelay;
    this.registry = registry;
  }

  /**
   * Checks {@code method} and its bulk method on {@code targetClass}.
   *
   * @throws IllegalArgumentException naming the method and the problem
   */
  public static CoalescingInterceptor create(Method method, Class<?> targetClass, String bulkName, int batchSize,
      long maxDelayMillis, @Nullable MeterRegistry registry) {
    String where = "@BatchProcess(bulk = \"" + bulkName + "\") on " + method;
    if (method.getParameterCount() != 1) {
      throw new IllegalArgumentException(where + ": a coalesced method takes exactly one key parameter, it takes "
          + method.getParameterCount());
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException(where + ": batchSize must be >= 1, was " + batchSize);
    }
    if (maxDelayMillis < 0) {
      throw new IllegalArgumentException(where + ": maxDelayMillis must be >= 0, was " + maxDelayMillis);
    }
    Class<?> r = method.getReturnType();
    ReturnKind kind = r == void.class ? null : r == Optional.class ? ReturnKind.OPTIONAL
        : r == CompletableFuture.class || r == CompletionStage.class ? ReturnKind.FUTURE : ReturnKind.VALUE;
    if (kind == null) {
      throw new IllegalArgumentException(where + ": a coalesced method must return the key's value, not void");
    }
    Method bulk = findBulk(method, targetClass, bulkName, where);
    MissingKeyPolicy missing = r.isPrimitive() ? MissingKeyPolicy.FAIL : MissingKeyPolicy.EMPTY;
    String name = "batch." + method.getDeclaringClass().getSimpleName() + "." + method.getName();
    return new CoalescingInterceptor(name.replaceAll("[^A-Za-z0-9._-]", "_"), bulk, kind, missing, batchSize,
        Duration.ofMillis(maxDelayMillis), registry);
  }

  private static Method findBulk(Method method, Class<?> targetClass, String bulkName, String where) {
    List<Method> candidates = new ArrayList<>();
    for (Class<?> c : List.of(method.getDeclaringClass(), targetClass)) {
      for (Method m : c.getMethods()) {
        if (m.getName().equals(bulkName) && m.getParameterCount() == 1) {
          candidates.add(m);
        }
      }
    }
    for (Method m : candidates) {
      Class<?> p = m.getParameterTypes()[0];
      boolean paramOk = p == Collection.class || p == Set.class || p == List.class || p == Iterable.class;
      if (paramOk && Map.class.isAssignableFrom(m.getReturnType()) && !Modifier.isStatic(m.getModifiers())) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new IllegalArgumentException(where + ": no public method " + bulkName
        + "(Collection|Set|List|Iterable<K>) returning Map<K, V> on " + targetClass.getName()
        + (candidates.isEmpty() ? "" : "; found " + candidates));
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    Object key = invocation.arguments()[0];
    if (key == null || closed) {
      return invocation.proceed();
    }
    Object target = invocation.target();
    Coalescer<Object, Object> coalescer = coalescers.computeIfAbsent(new IdentityKey(target), k -> newCoalescer(target));
    CompletableFuture<Object> f = coalescer.load(key);
    switch (returnKind) {
      case FUTURE:
        return f;
      case OPTIONAL:
        return Optional.ofNullable(join(f));
      default:
        return join(f);
    }
  }

  private static @Nullable Object join(CompletableFuture<Object> f) throws Throwable {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private Coalescer<Object, Object> newCoalescer(Object target) {
    Coalescer.Builder<Object, Object> b = Coalescer.<Object, Object>builder(keys -> {
      Object arg = bulkTakesList ? new ArrayList<>(keys) : new LinkedHashSet<>(keys);
      try {
        Object out = bulk.invoke(target, arg);
        return out == null ? Map.of() : (Map<Object, Object>) out;
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception ex) {
          throw ex;
        }
        throw (Error) cause;
      }
    }).name(name).maxBatchSize(batchSize).maxDelay(maxDelay).missingKeys(missing);
    Coalescer<Object, Object> c = b.build();
    if (registry != null) {
      c.metrics().bindTo(registry);
    }
    return c;
  }

  @Override
  public void close() {
    closed = true;
    for (Coalescer<Object, Object> c : coalescers.values()) {
      c.close();
    }
    coalescers.clear();
  }
}
