package dev.optimizer.cache.internal.mapdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The layout of an L3 value: {@code expiresAtMillis(8) crc32c(4) payload}, the checksum covering the key,
 * the expiry and the payload, so that a torn, corrupt or misplaced value fails it. An expiry of 0 means
 * none.
 */
final class MapDbRecords {
  static final int HEADER = 12;

  private MapDbRecords() {}

  /** The record of {@code value} under {@code key}, expiring at {@code expiresAt} (0 for never). */
  static byte[] encode(String key, byte[] value, long expiresAt) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + value.length);
    b.putLong(expiresAt);
    b.putInt(checksum(key, expiresAt, value, 0, value.length));
    b.put(value);
    return b.array();
  }

  /** The expiry of a record at least {@link #HEADER} bytes long. */
  static long expiresAt(byte[] record) {
    return ByteBuffer.wrap(record).getLong();
  }

  /** The expiry of a record, or 0 if it is too short to hold one (the eviction scan's cheap look). */
  static long expiresAtOrZero(byte[] record) {
    return record.length >= 8 ? ByteBuffer.wrap(record).getLong() : 0;
  }

  static boolean isExpired(long expiresAt, long nowMillis) {
    return expiresAt != 0 && expiresAt <= nowMillis;
  }

  /** Whether a record at least {@link #HEADER} bytes long passes its checksum under {@code key}. */
  static boolean checksumMatches(String key, byte[] record) {
    return ByteBuffer.wrap(record, 8, 4).getInt()
        == checksum(key, expiresAt(record), record, HEADER, record.length - HEADER);
  }

  /** Whether {@code record} is whole and belongs to {@code key}. */
  static boolean isIntact(String key, byte[] record) {
    return record.length >= HEADER && checksumMatches(key, record);
  }

  static byte[] payload(byte[] record) {
    return Arrays.copyOfRange(record, HEADER, record.length);
  }

  private static int checksum(String key, long expiresAt, byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    crc.update(ByteBuffer.allocate(8).putLong(expiresAt).array());
    crc.update(data, off, len);
    return (int) crc.getValue();
  }
}
