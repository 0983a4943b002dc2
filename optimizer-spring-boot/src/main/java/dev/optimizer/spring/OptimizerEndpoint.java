package dev.optimizer.spring;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.optimizer.dashboard.ModuleAbsentException;
import dev.optimizer.dashboard.NoSuchEntryException;
import dev.optimizer.dashboard.OperationsDocuments;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The actuator endpoint {@code optimizer}: the same documents as the dashboard's API
 * ({@link OperationsDocuments}, field for field), and its two actions. Read-only by default; writes need
 * {@code management.endpoint.optimizer.access=unrestricted}.
 *
 * <ul>
 *   <li>{@code GET /actuator/optimizer}: the snapshot (everything at once; an absent module's part is null).
 *   <li>{@code GET /actuator/optimizer/{document}}: {@code performance}, {@code cache}, {@code batch},
 *       {@code compression}, {@code lazy} or {@code tuning-events}; 404 for a module the optimizer lacks.
 *   <li>{@code GET /actuator/optimizer/jobs/{id}}: one batch job.
 *   <li>{@code POST /actuator/optimizer/optimize}: a tuning pass now.
 *   <li>{@code POST /actuator/optimizer/clear-cache} with optional {@code cache} and {@code pattern}.
 * </ul>
 */
@Endpoint(id = "optimizer", defaultAccess = Access.READ_ONLY)
public class OptimizerEndpoint {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, @Nullable Object>> MAP = new TypeReference<>() {};

  private final OperationsDocuments documents;

  public OptimizerEndpoint(OperationsDocuments documents) {
    this.documents = Objects.requireNonNull(documents, "documents");
  }

  /** Everything at once: the dashboard stream's snapshot document. */
  @ReadOperation
  public Map<String, @Nullable Object> snapshot() {
    return asMap(documents.snapshot());
  }

  /** One document by route name; null (404) when its module is absent. */
  @ReadOperation
  public @Nullable Map<String, @Nullable Object> document(@Selector String document) {
    try {
      Object doc = switch (document) {
        case "performance" -> documents.performance();
        case "cache" -> documents.cache();
        case "batch" -> documents.batch();
        case "compression" -> documents.compression();
        case "lazy" -> documents.lazy();
        case "tuning-events" -> documents.tuningEvents(200);
        default -> throw new InvalidEndpointRequestException("no optimizer document '" + document
            + "'; one of performance, cache, batch, compression, lazy, tuning-events", "unknown document");
      };
      return asMap(doc);
    } catch (ModuleAbsentException e) {
      return null;
    }
  }

  /** One batch job ({@code /jobs/{id}}); null (404) when unknown. */
  @ReadOperation
  public @Nullable Map<String, @Nullable Object> job(@Selector String jobs, @Selector String id) {
    if (!"jobs".equals(jobs)) {
      throw new InvalidEndpointRequestException("use /optimizer/jobs/{id}", "unknown path");
    }
    try {
      return asMap(documents.job(id));
    } catch (NoSuchEntryException | ModuleAbsentException e) {
      return null;
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), "bad job id");
    }
  }

  /** {@code optimize} (a tuning pass now) or {@code clear-cache} (optionally one cache, one pattern). */
  @WriteOperation
  public @Nullable Map<String, @Nullable Object> action(@Selector String action, @Nullable String cache,
      @Nullable String pattern) {
    try {
      return switch (action) {
        case "optimize" -> asMap(documents.optimize());
        case "clear-cache" -> asMap(documents.clearCache(cache, pattern));
        default -> throw new InvalidEndpointRequestException("no optimizer action '" + action
            + "'; one of optimize, clear-cache", "unknown action");
      };
    } catch (NoSuchEntryException | ModuleAbsentException e) {
      return null;
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), "bad argument");
    }
  }

  /** The document as the dashboard writes it (its own field names), for the actuator's mapper to write again. */
  private static LinkedHashMap<String, @Nullable Object> asMap(Object document) {
    try {
      return MAPPER.readValue(OperationsDocuments.json(document), MAP);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
