package dev.optimizer.redis.internal;

import dev.optimizer.redis.RedisConfig.Mode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Redis URL. Hand-parsed rather than through {@link java.net.URI} because Sentinel and Cluster
 * URLs list several {@code host:port} pairs, which {@code URI} rejects as an authority.
 */
public record RedisUri(
    Mode mode,
    List<String> endpoints,
    @Nullable String masterName,
    int database,
    @Nullable String user,
    @Nullable String password,
    boolean tls) {

  /**
   * Parses {@code redis[s]://}, {@code redis[s]-sentinel://} and {@code redis[s]-cluster://} URLs.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static RedisUri parse(String uri) {
    int schemeEnd = uri.indexOf("://");
    if (schemeEnd < 0) {
      throw new IllegalArgumentException("Redis URL has no scheme (redis://...): " + redact(uri));
    }
    String scheme = uri.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
    Mode mode;
    boolean tls;
    switch (scheme) {
      case "redis" -> { mode = Mode.STANDALONE; tls = false; }
      case "rediss" -> { mode = Mode.STANDALONE; tls = true; }
      case "redis-sentinel" -> { mode = Mode.SENTINEL; tls = false; }
      case "rediss-sentinel" -> { mode = Mode.SENTINEL; tls = true; }
      case "redis-cluster" -> { mode = Mode.CLUSTER; tls = false; }
      case "rediss-cluster" -> { mode = Mode.CLUSTER; tls = true; }
      default -> throw new IllegalArgumentException("unknown Redis URL scheme '" + scheme
          + "' (expected redis, rediss, redis-sentinel, rediss-sentinel, redis-cluster, rediss-cluster): "
          + redact(uri));
    }
    String rest = uri.substring(schemeEnd + 3);
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String info = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = info.indexOf(':');
      if (colon < 0) {
        password = decode(info);
      } else {
        user = decode(info.substring(0, colon));
        password = decode(info.substring(colon + 1));
      }
      if (user != null && user.isEmpty()) {
        user = null;
      }
      if (password != null && password.isEmpty()) {
        password = null;
      }
    }
    if (authority.isEmpty()) {
      throw new IllegalArgumentException("Redis URL has no host: " + redact(uri));
    }
    List<String> endpoints = new ArrayList<>();
    for (String part : authority.split(",")) {
      String endpoint = part.contains(":") || part.startsWith("[") ? part : part + ":" + defaultPort(mode);
      endpoints.add(checkEndpoint(endpoint, "Redis URL host"));
    }
    String masterName = null;
    int database = 0;
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    if (mode == Mode.SENTINEL) {
      if (segments.isEmpty()) {
        throw new IllegalArgumentException("Sentinel URL needs the master name as its path: " + redact(uri));
      }
      masterName = decode(segments.remove(0));
    }
    if (!segments.isEmpty()) {
      if (segments.size() > 1) {
        throw new IllegalArgumentException("Redis URL path has too many parts: " + redact(uri));
      }
      try {
        database = Integer.parseInt(segments.get(0));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Redis URL database is not a number: '" + segments.get(0) + "'", e);
      }
      if (database < 0) {
        throw new IllegalArgumentException("Redis URL database must be >= 0, got " + database);
      }
    }
    if (mode == Mode.STANDALONE && endpoints.size() != 1) {
      throw new IllegalArgumentException("a redis:// URL takes one host; use redis-sentinel:// or "
          + "redis-cluster:// for several: " + redact(uri));
    }
    return new RedisUri(mode, List.copyOf(endpoints), masterName, database, user, password, tls);
  }

  /**
   * Checks a {@code host:port} address and returns it.
   *
   * @throws IllegalArgumentException if the host is blank or the port is not in 1..65535
   */
  public static String checkEndpoint(@Nullable String endpoint, String what) {
    if (endpoint == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0 || colon == endpoint.length() - 1) {
      throw new IllegalArgumentException(what + " must be host:port, got '" + endpoint + "'");
    }
    try {
      int port = Integer.parseInt(endpoint.substring(colon + 1));
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException(what + " port must be in 1..65535, got '" + endpoint + "'");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " port is not a number in '" + endpoint + "'", e);
    }
    return endpoint;
  }

  private static int defaultPort(Mode mode) {
    return mode == Mode.SENTINEL ? 26379 : 6379;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL with any password replaced, for error messages. */
  static String redact(String uri) {
    return uri.replaceAll("://[^/]*@", "://***@");
  }
}
