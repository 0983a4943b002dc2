package dev.optimizer.dashboard.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/**
 * The dashboard's one {@link ObjectMapper}. The documents name their fields themselves ({@code @JsonNaming}) and
 * hold only strings, numbers, booleans, lists and maps, so any other mapper writes them the same way.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private static final ObjectWriter WRITER = MAPPER.writer();

  private Json() {}

  /** {@code value} as compact JSON. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /** {@code value} as compact JSON in UTF-8: what the stream sends, without a {@code String} in between. */
  public static byte[] writeBytes(Object value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException if it is not JSON
   */
  public static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
