package dev.optimizer.cache.internal.unlisted;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** A serializable proxy handler answering every call with a constant, for proxy streams in tests. */
public class ConstantHandler implements InvocationHandler, Serializable {
  private static final long serialVersionUID = 1L;

  private final String answer;

  public ConstantHandler(String answer) {
    this.answer = answer;
  }

  /** A serializable proxy implementing {@link UnlistedApi}, made in this class's loader. */
  public static Object proxy(String answer) {
    return Proxy.newProxyInstance(ConstantHandler.class.getClassLoader(), new Class<?>[] {UnlistedApi.class},
        new ConstantHandler(answer));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    return answer;
  }
}
