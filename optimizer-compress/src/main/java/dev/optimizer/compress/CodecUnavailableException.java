package dev.optimizer.compress;

import org.jspecify.annotations.Nullable;

/**
 * The codec for an algorithm cannot run on this platform, typically because its native library failed to
 * load. Other algorithms keep working; {@link CompressionEngine#availableAlgorithms()} lists them.
 */
public class CodecUnavailableException extends CompressionException {
  private static final long serialVersionUID = 1L;

  private final Algorithm algorithm;

  /**
   * @param algorithm the algorithm that cannot run
   * @param platform the platform in words, e.g. {@code linux/aarch64}
   * @param cause why the codec failed to load
   */
  public CodecUnavailableException(Algorithm algorithm, String platform, @Nullable Throwable cause) {
    super(algorithm + " is not available on " + platform
        + (cause == null ? "" : ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage()), cause);
    this.algorithm = algorithm;
  }

  /** The algorithm that cannot run. */
  public Algorithm algorithm() {
    return algorithm;
  }
}
