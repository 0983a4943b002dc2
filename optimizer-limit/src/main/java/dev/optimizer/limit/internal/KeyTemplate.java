package dev.optimizer.limit.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@code @RateLimit} key: literal text and {@code {i}} argument references, checked once per method. */
public final class KeyTemplate {
  private final String[] literals;
  private final int[] arguments;

  private KeyTemplate(String[] literals, int[] arguments) {
    this.literals = literals;
    this.arguments = arguments;
  }

  /**
   * Parses {@code template} for {@code method}.
   *
   * @throws IllegalArgumentException naming the method when a reference is malformed or out of range
   */
  public static KeyTemplate parse(String template, Method method) {
    List<String> literals = new ArrayList<>();
    List<Integer> arguments = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '{') {
        text.append(c);
        i++;
        continue;
      }
      int close = template.indexOf('}', i);
      if (close < 0) {
        throw new IllegalArgumentException(method + ": @RateLimit key '" + template + "' has an unclosed '{'");
      }
      String index = template.substring(i + 1, close).strip();
      int n;
      try {
        n = Integer.parseInt(index);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(method + ": @RateLimit key '" + template + "': '{" + index
            + "}' is not an argument index such as {0}", e);
      }
      if (n < 0 || n >= method.getParameterCount()) {
        throw new IllegalArgumentException(method + ": @RateLimit key '" + template + "' refers to argument " + n
            + " but the method takes " + method.getParameterCount());
      }
      literals.add(text.toString());
      text.setLength(0);
      arguments.add(n);
      i = close + 1;
    }
    literals.add(text.toString());
    return new KeyTemplate(literals.toArray(String[]::new), arguments.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The key of one call. */
  public String keyOf(@Nullable Object[] args) {
    if (arguments.length == 0) {
      return literals[0];
    }
    StringBuilder b = new StringBuilder(literals[0]);
    for (int i = 0; i < arguments.length; i++) {
      b.append(args[arguments[i]]).append(literals[i + 1]);
    }
    return b.toString();
  }
}
