package dev.optimizer.examples.service;

import dev.optimizer.compress.Compress;
import dev.optimizer.compress.Decompress;
import org.springframework.stereotype.Component;

/**
 * The report's storage form: {@code @Compress} frames it on the way to Redis and {@code @Decompress} opens
 * the frame on the way back. Without the optimizer both are the identity, so the same code stores it raw.
 */
@Component
public class ReportFrames {
  /** The stored form of {@code json}. */
  @Compress
  public byte[] pack(byte[] json) {
    return json;
  }

  /** The JSON of a stored form made by {@link #pack}. */
  public byte[] unpack(@Decompress byte[] stored) {
    return stored;
  }
}
