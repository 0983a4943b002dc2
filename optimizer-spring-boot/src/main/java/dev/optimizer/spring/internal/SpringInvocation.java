package dev.optimizer.spring.internal;

import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;

/**
 * Walks the core's interceptor chain for one Spring call. The last {@code proceed} continues Spring's own
 * advisor chain (e.g. {@code @Transactional} inside ours) on a fresh clone of the Spring invocation, because
 * an interceptor may proceed more than once (batch splits, retries), from other threads.
 */
final class SpringInvocation implements Invocation {
  private final ProxyMethodInvocation spring;
  private final MethodInterceptor[] chain;
  private final int index;
  private final @Nullable Object[] arguments;

  SpringInvocation(ProxyMethodInvocation spring, MethodInterceptor[] chain, int index,
      @Nullable Object[] arguments) {
    this.spring = spring;
    this.chain = chain;
    this.index = index;
    this.arguments = arguments;
  }

  @Override
  public Method method() {
    return spring.getMethod();
  }

  @Override
  public Object target() {
    Object target = spring.getThis();
    return target != null ? target : spring.getProxy();
  }

  @Override
  public @Nullable Object[] arguments() {
    return arguments;
  }

  @Override
  public @Nullable Object proceed() throws Throwable {
    return proceed(arguments);
  }

  @Override
  public @Nullable Object proceed(@Nullable Object[] args) throws Throwable {
    if (args.length != spring.getMethod().getParameterCount()) {
      throw new IllegalArgumentException(spring.getMethod() + " takes " + spring.getMethod().getParameterCount()
          + " arguments, got " + Arrays.toString(args));
    }
    if (index < chain.length) {
      return chain[index].intercept(new SpringInvocation(spring, chain, index + 1, args));
    }
    return spring.invocableClone(args).proceed();
  }
}
