package dev.optimizer.compress;

/**
 * A frame declares, or its payload expands to, more than the configured maximum decompressed size
 * ({@link CompressionConfig#maxDecompressedSize()}): a decompression bomb or a frame from a peer with a
 * larger limit. Thrown before the output is allocated.
 */
public class SizeLimitExceededException extends CorruptDataException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  /**
   * @param size the declared or observed size in bytes
   * @param limit the configured limit in bytes
   */
  public SizeLimitExceededException(long size, long limit) {
    super("decompressed size " + size + " bytes exceeds the limit of " + limit + " bytes");
    this.size = size;
    this.limit = limit;
  }

  /** The declared or observed size in bytes. */
  public long size() {
    return size;
  }

  /** The configured limit in bytes. */
  public long limit() {
    return limit;
  }
}
