package dev.optimizer.cache.internal;

/**
 * Carries a checked exception thrown by an intercepted method through the cache's loader (a
 * {@code Function}); the interceptor unwraps it so the caller sees the method's own exception.
 */
final class LoaderFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LoaderFailure(Throwable cause) {
    super(cause.toString(), cause, false, false);
  }
}
