package dev.optimizer.dashboard.internal;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A request refused with an HTTP status; the server turns it into a JSON error. */
final class HttpFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String error;
  final @Nullable String artifact;
  final Map<String, String> headers;

  HttpFailure(int status, String error, String message) {
    this(status, error, message, null, Map.of());
  }

  HttpFailure(int status, String error, String message, @Nullable String artifact, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.artifact = artifact;
    this.headers = Map.copyOf(headers);
  }
}
