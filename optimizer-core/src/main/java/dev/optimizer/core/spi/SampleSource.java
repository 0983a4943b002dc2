package dev.optimizer.core.spi;

import dev.optimizer.core.SystemSample;

/**
 * Produces {@link SystemSample}s. The default reads OSHI and the JVM's management beans; tests inject
 * their own to drive the tuning loop deterministically. Called from the monitor's single sampler thread.
 */
@FunctionalInterface
public interface SampleSource {
  /**
   * Takes one reading now.
   *
   * @return a reading; never null
   * @throws RuntimeException if reading fails; the monitor logs and counts it and keeps its last snapshot
   */
  SystemSample sample();
}
