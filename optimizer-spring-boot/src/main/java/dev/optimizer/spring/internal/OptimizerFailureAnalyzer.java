package dev.optimizer.spring.internal;

import dev.optimizer.core.InvalidSettingException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains a startup stopped by a bad {@code optimizer.*} value: which property, what it was, what it
 * accepts. Covers values the core rejects (range, grammar) and values Spring could not even convert (an
 * unknown enum constant).
 */
public final class OptimizerFailureAnalyzer implements FailureAnalyzer, Ordered {
  @Override
  public int getOrder() {
    // Before Boot's generic bind analyzer, so an optimizer key gets the accepted values.
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public @Nullable FailureAnalysis analyze(Throwable failure) {
    InvalidSettingException invalid = find(failure, InvalidSettingException.class);
    if (invalid != null) {
      return new FailureAnalysis("Invalid optimizer setting " + invalid.getMessage(),
          "Update the application's configuration: set " + invalid.setting()
              + " to an accepted value (see docs/spring-boot.md and docs/configuration.md).", invalid);
    }
    BindException bind = find(failure, BindException.class);
    if (bind != null && bind.getName() != null && bind.getName().toString().startsWith("optimizer.")
        && bind.getProperty() != null) {
      String key = bind.getProperty().getName().toString();
      Object value = bind.getProperty().getValue();
      Class<?> type = bind.getTarget().getType().resolve();
      String accepted = type != null && type.isEnum()
          ? "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
              .collect(Collectors.joining(", "))
          : "a value of type " + (type != null ? type.getSimpleName() : "?");
      return new FailureAnalysis("Invalid optimizer setting " + key + ": '" + value + "' is not " + accepted,
          "Update the application's configuration: set " + key + " to " + accepted + ".", bind);
    }
    return null;
  }

  private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
