package dev.optimizer.cache.internal.redis;

import java.util.Locale;
import javax.net.ssl.SSLException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Classifies Jedis failures: outage (counts toward the circuit), refusal, or bad credentials. */
public final class RedisFailures {
  private RedisFailures() {}

  /**
   * Whether {@code e} means Redis cannot serve calls now (connection refused or lost, timeout, pool
   * exhausted, server loading or failing over), as opposed to a refusal of one command.
   */
  public static boolean isOutage(Throwable e) {
    if (e instanceof JedisConnectionException || e instanceof JedisClusterOperationException
        || e instanceof JedisBusyException) {
      return true;
    }
    if (e instanceof JedisDataException) {
      String m = upper(e.getMessage());
      return m.startsWith("LOADING") || m.startsWith("MASTERDOWN") || m.startsWith("CLUSTERDOWN")
          || m.startsWith("TRYAGAIN") || m.startsWith("READONLY") || m.startsWith("NOREPLICAS");
    }
    // Pool exhaustion, closed pools and other client-side failures: the tier cannot serve either way.
    return true;
  }

  /** Whether {@code e} (or a cause) says the credentials or the TLS identity were refused. */
  public static boolean isAuthenticationFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
      String m = upper(t.getMessage());
      if (m.contains("WRONGPASS") || m.startsWith("NOAUTH") || m.contains("INVALID PASSWORD")
          || m.contains("INVALID USERNAME-PASSWORD")) {
        return true;
      }
      if (t instanceof JedisAccessControlException && !m.startsWith("NOPERM")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The innermost message, for short error texts. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    String message = String.valueOf(e.getMessage());
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return e.getClass().getSimpleName() + ": " + message;
  }

  private static String upper(String s) {
    return s == null ? "" : s.toUpperCase(Locale.ROOT);
  }
}
