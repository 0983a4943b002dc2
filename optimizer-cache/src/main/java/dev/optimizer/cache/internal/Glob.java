package dev.optimizer.cache.internal;

import java.util.regex.Pattern;

/** Redis-style globs ({@code *}, {@code ?}, {@code \} escape) as Java patterns. */
public final class Glob {
  private Glob() {}

  /**
   * A pattern matching what {@code glob} matches.
   *
   * @throws IllegalArgumentException if the glob is empty or ends in a lone backslash
   */
  public static Pattern compile(String glob) {
    if (glob.isEmpty()) {
      throw new IllegalArgumentException("glob must not be empty");
    }
    StringBuilder re = new StringBuilder(glob.length() + 8);
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '\\' -> {
          if (++i == glob.length()) {
            throw new IllegalArgumentException("glob ends in a lone backslash: " + glob);
          }
          re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** {@code literal} with glob metacharacters escaped, so it matches only itself. */
  public static String escape(String literal) {
    StringBuilder sb = new StringBuilder(literal.length() + 4);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '*' || c == '?' || c == '\\' || c == '[' || c == ']') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
