package dev.optimizer.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The document of {@code POST /api/v1/cache/clear}: what was cleared. Immutable.
 *
 * @param cleared names of the caches cleared, sorted
 * @param pattern the glob of keys removed from each, or null when every entry was removed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClearCacheDocument(List<String> cleared, @Nullable String pattern) {
  /** Copies the list. */
  public ClearCacheDocument {
    cleared = List.copyOf(cleared);
  }
}
