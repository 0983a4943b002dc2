package dev.optimizer.core.spi;

import org.jspecify.annotations.Nullable;

/**
 * Wraps calls to one method. Resolved once per method when a proxy is made, then called on every call.
 * Must be thread-safe: one instance serves all threads calling the proxy.
 */
@FunctionalInterface
public interface MethodInterceptor {
  /**
   * Handles one call, usually by calling {@link Invocation#proceed()} zero or more times.
   *
   * @return the value for the caller, of the method's return type (boxed), or null for void
   * @throws Throwable anything; it reaches the caller as itself
   */
  @Nullable Object intercept(Invocation invocation) throws Throwable;
}
