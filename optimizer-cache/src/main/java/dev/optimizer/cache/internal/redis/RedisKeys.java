package dev.optimizer.cache.internal.redis;

import java.nio.charset.StandardCharsets;

/** Builds Redis keys and SCAN patterns under one prefix ({@code app:cache:<cache>:}). */
public final class RedisKeys {
  private final byte[] prefix;
  private final String escapedPrefix;

  /** @param prefix every key starts with it */
  public RedisKeys(String prefix) {
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    this.escapedPrefix = escapeAll(prefix);
  }

  /** prefix + UTF-8 of {@code key}. */
  public byte[] encode(String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[prefix.length + k.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(k, 0, out, prefix.length, k.length);
    return out;
  }

  /**
   * A SCAN MATCH pattern for {@code glob} under the prefix. The prefix is matched literally. The glob
   * keeps the tier contract's syntax, which Redis shares: {@code *} any run, {@code ?} one character,
   * {@code \} escapes the next character. {@code [} and {@code ]} are escaped because Redis would read
   * them as a character class, which the contract does not have.
   */
  public byte[] match(String glob) {
    StringBuilder b = new StringBuilder(escapedPrefix.length() + glob.length() + 8).append(escapedPrefix);
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '\\' && i + 1 < glob.length()) {
        b.append(c).append(glob.charAt(++i));
      } else {
        if (c == '[' || c == ']' || c == '\\') {
          b.append('\\');
        }
        b.append(c);
      }
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String escapeAll(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[' || c == ']' || c == '\\' || c == '*' || c == '?') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
