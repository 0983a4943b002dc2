package dev.optimizer.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Lua script and its SHA-1, so that {@link RedisCommands#eval} sends only the digest (EVALSHA) on every
 * call and the body once per server (NOSCRIPT fallback). Immutable and thread-safe; make one per script
 * and keep it.
 */
public final class RedisScript {
  private final String source;
  private final byte[] body;
  private final byte[] sha;

  private RedisScript(String source) {
    this.source = source;
    this.body = source.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(body);
      this.sha = HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }

  /**
   * A script from its Lua source.
   *
   * @throws IllegalArgumentException if the source is blank
   */
  public static RedisScript of(String lua) {
    Objects.requireNonNull(lua, "lua");
    if (lua.isBlank()) {
      throw new IllegalArgumentException("script source must not be blank");
    }
    return new RedisScript(lua);
  }

  /** The Lua source. */
  public String source() {
    return source;
  }

  /** The lower-case hex SHA-1 of the source, as Redis names it. */
  public String sha1() {
    return new String(sha, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "RedisScript{" + sha1() + "}";
  }
}
