package dev.optimizer.compress;

import java.util.Optional;

/**
 * A compression algorithm. The identifier written into each frame is {@link #id()}, stable across
 * versions: frames written today decode tomorrow.
 *
 * <p>How each {@link Level} maps to the algorithm's own setting:
 *
 * <table>
 *   <caption>Level mapping</caption>
 *   <tr><th>Algorithm</th><th>FAST</th><th>BALANCED</th><th>MAXIMUM</th></tr>
 *   <tr><td>NONE</td><td>stored</td><td>stored</td><td>stored</td></tr>
 *   <tr><td>GZIP, DEFLATE</td><td>1</td><td>6</td><td>9</td></tr>
 *   <tr><td>BZIP2 (block size x100 KB)</td><td>1</td><td>5</td><td>9</td></tr>
 *   <tr><td>XZ (LZMA2 preset; dictionary capped at the input size)</td><td>1</td><td>6</td><td>9</td></tr>
 *   <tr><td>LZ4</td><td>fast</td><td>HC 9</td><td>HC 17</td></tr>
 *   <tr><td>SNAPPY (no levels)</td><td>-</td><td>-</td><td>-</td></tr>
 *   <tr><td>BROTLI (quality)</td><td>1</td><td>6</td><td>11</td></tr>
 *   <tr><td>ZSTD</td><td>1</td><td>3</td><td>19</td></tr>
 * </table>
 */
public enum Algorithm {
  /** Stored as is: what incompressible data is kept as. */
  NONE(0, false),
  /** GZIP (RFC 1952) through {@link java.util.zip}. */
  GZIP(1, false),
  /** zlib-wrapped DEFLATE (RFC 1950) through {@link java.util.zip}. */
  DEFLATE(2, false),
  /** BZIP2 through Apache Commons Compress (pure Java). */
  BZIP2(3, false),
  /** XZ / LZMA2 through org.tukaani:xz (pure Java). */
  XZ(4, false),
  /** LZ4 block format through lz4-java (native when available, else Java; safe decompressor). */
  LZ4(5, false),
  /** Snappy through snappy-java (native). */
  SNAPPY(6, true),
  /** Brotli through brotli4j (native). */
  BROTLI(7, true),
  /** Zstandard through zstd-jni (native). */
  ZSTD(8, true);

  private static final Algorithm[] BY_ID = new Algorithm[9];

  static {
    for (Algorithm a : values()) {
      BY_ID[a.id] = a;
    }
  }

  private final int id;
  private final boolean nativeOnly;

  Algorithm(int id, boolean nativeOnly) {
    this.id = id;
    this.nativeOnly = nativeOnly;
  }

  /** The identifier stored in frames, 0..255. */
  public int id() {
    return id;
  }

  /** Whether the algorithm needs a native library, so may be unavailable on some platforms. */
  public boolean requiresNative() {
    return nativeOnly;
  }

  /** The algorithm with the given frame identifier, empty for an unknown one. */
  public static Optional<Algorithm> ofId(int id) {
    return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[id]) : Optional.empty();
  }
}
