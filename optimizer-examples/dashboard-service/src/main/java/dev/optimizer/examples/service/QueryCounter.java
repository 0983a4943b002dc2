package dev.optimizer.examples.service;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts every SQL statement the service executes, by wrapping its {@link DataSource}: the server-side
 * count of PostgreSQL queries the load test divides by requests.
 */
public final class QueryCounter implements BeanPostProcessor {
  private final LongAdder statements = new LongAdder();

  /** Statements executed since start. */
  public long statements() {
    return statements.sum();
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataSource ds && !Proxy.isProxyClass(bean.getClass())) {
      return wrap(ds, DataSource.class);
    }
    return bean;
  }

  private <T> T wrap(T target, Class<T> type) {
    InvocationHandler handler = (proxy, method, args) -> {
      Object result = invoke(target, method, args);
      String name = method.getName();
      if (result instanceof Connection c) {
        return wrap(c, Connection.class);
      }
      if (result instanceof Statement st && (name.startsWith("prepare") || name.equals("createStatement"))) {
        return wrapStatement(st);
      }
      return result;
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private Statement wrapStatement(Statement st) {
    Class<?>[] types = st instanceof java.sql.CallableStatement ? new Class<?>[] {java.sql.CallableStatement.class}
        : st instanceof java.sql.PreparedStatement ? new Class<?>[] {java.sql.PreparedStatement.class}
        : new Class<?>[] {Statement.class};
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().startsWith("execute")) {
        statements.increment();
      }
      return invoke(st, method, args);
    };
    return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), types, handler);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
      return method.invoke(target, args);
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
