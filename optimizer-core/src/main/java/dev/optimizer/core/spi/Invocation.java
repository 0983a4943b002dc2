package dev.optimizer.core.spi;

import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * One call travelling through a method's interceptors towards the target. Not thread-safe: it belongs
 * to the calling thread, though {@link #proceed()} may be called from another thread (a batch worker),
 * once per interceptor per attempt.
 */
public interface Invocation {
  /** The interface or class method being called. */
  Method method();

  /** The object the call will reach. */
  Object target();

  /** The call's arguments; an empty array for none. Do not modify: use {@link #proceed(Object[])}. */
  @Nullable Object[] arguments();

  /**
   * Calls the next interceptor, or the target when none is left, with the original arguments.
   *
   * @return what the target returned (boxed), or null for void
   * @throws Throwable exactly what the target threw, unwrapped
   */
  @Nullable Object proceed() throws Throwable;

  /**
   * Like {@link #proceed()} with other arguments, e.g. one batch of a split list.
   *
   * @param arguments same count and types as the method's parameters
   */
  @Nullable Object proceed(@Nullable Object[] arguments) throws Throwable;
}
