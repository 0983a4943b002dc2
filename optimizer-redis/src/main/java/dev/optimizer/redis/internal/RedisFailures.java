package dev.optimizer.redis.internal;

import java.util.Locale;
import java.util.NoSuchElementException;
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
   * Whether {@code e} is a borrow that timed out because every pooled connection was in use: the
   * application is busy, Redis is fine. Never an outage.
   */
  public static boolean isBusy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoSuchElementException) {
        return true; // commons-pool: "Timeout waiting for idle object" / "Pool exhausted"
      }
      if (t instanceof JedisConnectionException || t.getCause() == t) {
        return false; // creating a connection failed: that is Redis (or the network), not the pool
      }
    }
    return false;
  }

  /**
   * Whether {@code e} means Redis cannot serve calls now (connection refused or lost, timeout, pool
   * server loading or failing over), as opposed to a refusal of one command or a busy pool.
   */
  public static boolean isOutage(Throwable e) {
    if (isBusy(e)) {
      return false;
    }
    if (e instanceof JedisConnectionException || e instanceof JedisClusterOperationException
        || e instanceof JedisBusyException) {
      return true;
    }
    if (e instanceof JedisDataException) {
      String m = upper(e.getMessage());
      return m.startsWith("LOADING") || m.startsWith("MASTERDOWN") || m.startsWith("CLUSTERDOWN")
          || m.startsWith("TRYAGAIN") || m.startsWith("READONLY") || m.startsWith("NOREPLICAS");
    }
    // Closed pools and other client-side failures: the connection cannot serve either way.
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
