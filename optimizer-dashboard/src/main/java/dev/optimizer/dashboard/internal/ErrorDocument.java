package dev.optimizer.dashboard.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.jspecify.annotations.Nullable;

/**
 * The body of every error response.
 *
 * @param status the HTTP status
 * @param error a stable code: {@code bad_request}, {@code unauthorized}, {@code writes_disabled},
 *     {@code cross_origin}, {@code not_found}, {@code module_absent}, {@code method_not_allowed},
 *     {@code body_too_large}, {@code too_many_stream_clients}, {@code internal}
 * @param message what was wrong, for people
 * @param artifact for {@code module_absent}, the Maven coordinates to add
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDocument(int status, String error, String message, @Nullable String artifact) {}
