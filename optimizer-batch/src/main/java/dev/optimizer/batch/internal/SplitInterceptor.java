package dev.optimizer.batch.internal;

import dev.optimizer.batch.AdaptiveTuning;
import dev.optimizer.batch.BatchProcessor;
import dev.optimizer.batch.ItemFailure;
import dev.optimizer.batch.Job;
import dev.optimizer.batch.JobResult;
import dev.optimizer.batch.Strategy;
import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code @BatchProcess} (split form) and {@code @ParallelProcess}: splits the collection argument, runs
 * the parts through the rest of the chain per the strategy, merges the results in input order.
 */
public final class SplitInterceptor implements MethodInterceptor {
  /** How the collection parameter is rebuilt for each part. */
  enum ParamKind { LIST, SET, COLLECTION }

  /** How the parts' results are merged. */
  enum ReturnKind { VOID, LIST, SET, MAP }

  private final Supplier<BatchProcessor> processor;
  private final String where;
  private final int paramIndex;
  private final ParamKind paramKind;
  private final ReturnKind returnKind;
  private final int batchSize;
  private final Strategy strategy;
  private final int maxWorkers;
  private final @Nullable AdaptiveTuning tuning;

  private SplitInterceptor(Supplier<BatchProcessor> processor, String where, int paramIndex, ParamKind paramKind,
      ReturnKind returnKind, int batchSize, Strategy strategy, int maxWorkers,
      @Nullable AdaptiveTuning tuning) {
    this.processor = processor;
    this.where = where;
    this.paramIndex = paramIndex;
    this.paramKind = paramKind;
    this.returnKind = returnKind;
    this.batchSize = batchSize;
    this.strategy = strategy;
    this.maxWorkers = maxWorkers;
    this.tuning = tuning;
  }

  /**
   * Checks {@code method} and builds its interceptor.
   *
   * @throws IllegalArgumentException naming the method and the problem
   */
  public static SplitInterceptor create(Supplier<BatchProcessor> processor, Method method, String annotation,
      int batchSize, Strategy strategy, int maxWorkers, @Nullable AdaptiveTuning tuning) {
    String where = annotation + " on " + method;
    if (batchSize < 1) {
      throw new IllegalArgumentException(where + ": batchSize must be >= 1, was " + batchSize);
    }
    if (maxWorkers < 0) {
      throw new IllegalArgumentException(where + ": maxWorkers must be >= 0, was " + maxWorkers);
    }
    if (strategy == Strategy.PIPELINE) {
      throw new IllegalArgumentException(where + ": PIPELINE needs stages; use a Job with a Pipeline instead");
    }
    int index = -1;
    ParamKind kind = null;
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      ParamKind k = types[i] == List.class ? ParamKind.LIST : types[i] == Set.class ? ParamKind.SET
          : types[i] == Collection.class ? ParamKind.COLLECTION : null;
      if (k != null) {
        if (index >= 0) {
          throw new IllegalArgumentException(where + ": parameters " + index + " and " + i
              + " are both collections; the batched parameter must be the only one");
        }
        index = i;
        kind = k;
      }
    }
    if (kind == null) {
      throw new IllegalArgumentException(where + ": needs one parameter declared as List, Collection or Set, found "
          + List.of(types));
    }
    Class<?> r = method.getReturnType();
    ReturnKind ret = r == void.class ? ReturnKind.VOID : r == List.class || r == Collection.class || r == Iterable.class
        ? ReturnKind.LIST : r == Set.class ? ReturnKind.SET : r == Map.class ? ReturnKind.MAP : null;
    if (ret == null) {
      throw new IllegalArgumentException(where + ": return type " + r.getName()
          + " cannot be merged; use void, List, Collection, Set or Map");
    }
    if (strategy == Strategy.ADAPTIVE && (ret == ReturnKind.MAP || ret == ReturnKind.SET)) {
      throw new IllegalArgumentException(where + ": ADAPTIVE needs one result per element (void or List return)");
    }
    return new SplitInterceptor(processor, where, index, kind, ret, batchSize, strategy, maxWorkers,
        strategy == Strategy.ADAPTIVE ? tuning : null);
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    Object[] args = invocation.arguments();
    Object arg = args[paramIndex];
    if (!(arg instanceof Collection<?> all)) {
      return invocation.proceed();
    }
    int threshold = tuning != null ? Math.max(1, tuning.batchSize()) : batchSize;
    if (all.size() <= threshold) {
      return invocation.proceed();
    }
    List<Object> items = new ArrayList<>(all);
    return tuning != null ? adaptive(invocation, args, items) : chunked(invocation, args, items);
  }

  private @Nullable Object chunked(Invocation invocation, Object[] args, List<Object> items) throws Throwable {
    List<List<Object>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += batchSize) {
      chunks.add(items.subList(from, Math.min(items.size(), from + batchSize)));
    }
    Job.Builder<List<Object>, Object> job = Job.<List<Object>, Object>of(chunks,
        batch -> java.util.Collections.singletonList(call(invocation, args, batch.get(0))))
        .name(where).batchSize(1).strategy(strategy);
    if (maxWorkers > 0) {
      job.maxWorkers(maxWorkers);
    }
    JobResult<Object> result = processor.get().runNow(job.build(), true);
    rethrowFirstFailure(result);
    return merge(result.values());
  }

  private @Nullable Object adaptive(Invocation invocation, Object[] args, List<Object> items) throws Throwable {
    Job.Builder<Object, Object> job = Job.<Object, Object>of(items, batch -> {
      Object out = call(invocation, args, batch);
      if (returnKind == ReturnKind.VOID) {
        return java.util.Arrays.asList(new Object[batch.size()]);
      }
      List<Object> list = out == null ? List.of() : new ArrayList<>((Collection<?>) out);
      if (list.size() != batch.size()) {
        throw new IllegalStateException(where + ": ADAPTIVE needs one result per element, got " + list.size()
            + " for " + batch.size());
      }
      return list;
    }).name(where).strategy(Strategy.ADAPTIVE);
    if (maxWorkers > 0) {
      job.maxWorkers(maxWorkers);
    }
    if (tuning != null) {
      job.adaptiveTuning(tuning);
    }
    JobResult<Object> result = processor.get().runNow(job.build(), true);
    rethrowFirstFailure(result);
    return returnKind == ReturnKind.VOID ? null : new ArrayList<>(result.values());
  }

  private @Nullable Object call(Invocation invocation, Object[] args, List<Object> part) throws Exception {
    Object[] a = args.clone();
    a[paramIndex] = switch (paramKind) {
      case LIST, COLLECTION -> new ArrayList<>(part);
      case SET -> new LinkedHashSet<>(part);
    };
    try {
      return invocation.proceed(a);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new java.lang.reflect.UndeclaredThrowableException(t);
    }
  }

  private static void rethrowFirstFailure(JobResult<?> result) throws Throwable {
    if (!result.failures().isEmpty()) {
      ItemFailure first = result.failures().get(0);
      throw first.error();
    }
    if (!result.unprocessed().isEmpty()) {
      throw new IllegalStateException("batched call stopped before " + result.unprocessed().size()
          + " part(s) ran (" + result.status() + ")");
    }
  }

  @SuppressWarnings("unchecked")
  private @Nullable Object merge(List<?> parts) {
    switch (returnKind) {
      case VOID:
        return null;
      case MAP: {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object p : parts) {
          if (p != null) {
            out.putAll((Map<Object, Object>) p);
          }
        }
        return out;
      }
      case SET: {
        Set<Object> out = new LinkedHashSet<>();
        for (Object p : parts) {
          if (p != null) {
            out.addAll((Collection<Object>) p);
          }
        }
        return out;
      }
      default: {
        List<Object> out = new ArrayList<>();
        for (Object p : parts) {
          if (p != null) {
            for (Object o : (Iterable<Object>) p) {
              out.add(o);
            }
          }
        }
        return out;
      }
    }
  }
}
