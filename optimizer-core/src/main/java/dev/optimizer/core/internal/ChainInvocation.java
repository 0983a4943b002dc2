package dev.optimizer.core.internal;

import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Walks a resolved interceptor chain; the last step calls the target reflectively, unwrapped. */
final class ChainInvocation implements Invocation {
  private static final Object[] NO_ARGS = new Object[0];

  private final Method method;
  private final Object target;
  private final @Nullable Object[] args;
  private final MethodInterceptor[] chain;
  private final int index;

  ChainInvocation(Method method, Object target, @Nullable Object @Nullable [] args,
      MethodInterceptor[] chain, int index) {
    this.method = method;
    this.target = target;
    this.args = args == null ? NO_ARGS : args;
    this.chain = chain;
    this.index = index;
  }

  @Override
  public Method method() {
    return method;
  }

  @Override
  public Object target() {
    return target;
  }

  @Override
  public @Nullable Object[] arguments() {
    return args;
  }

  @Override
  public @Nullable Object proceed() throws Throwable {
    return proceed(args);
  }

  @Override
  public @Nullable Object proceed(@Nullable Object[] arguments) throws Throwable {
    if (arguments.length != method.getParameterCount()) {
      throw new IllegalArgumentException(method + " takes " + method.getParameterCount()
          + " arguments, got " + Arrays.toString(arguments));
    }
    if (index < chain.length) {
      return chain[index].intercept(new ChainInvocation(method, target, arguments, chain, index + 1));
    }
    return invokeTarget(method, target, arguments);
  }

  static @Nullable Object invokeTarget(Method method, Object target, @Nullable Object[] arguments)
      throws Throwable {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      // The caller sees what the target threw, not the reflection wrapper.
      throw e.getCause();
    }
  }
}
