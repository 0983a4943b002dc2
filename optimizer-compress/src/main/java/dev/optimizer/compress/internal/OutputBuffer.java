package dev.optimizer.compress.internal;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array that codecs write into, either directly ({@link #reserve}, {@link #advance}) or
 * as an {@link OutputStream}. The frame header is left as a gap at the front so the payload is never
 * copied to make room for it. Not thread-safe.
 */
public final class OutputBuffer extends OutputStream {
  private byte[] array;
  private int size;

  /** An empty buffer of the given initial capacity. */
  public OutputBuffer(int initialCapacity) {
    this.array = new byte[Math.max(16, initialCapacity)];
  }

  /** Makes room for {@code bytes} more and returns the backing array; write at {@link #size()}. */
  public byte[] reserve(int bytes) {
    long needed = (long) size + bytes;
    if (needed > array.length) {
      if (needed > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("output would exceed the largest array: " + needed + " bytes");
      }
      long grown = Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, (long) array.length * 2));
      array = Arrays.copyOf(array, (int) grown);
    }
    return array;
  }

  /** Marks {@code bytes} written directly into the array after {@link #reserve}. */
  public void advance(int bytes) {
    if (bytes < 0 || (long) size + bytes > array.length) {
      throw new IllegalStateException("advance by " + bytes + " past capacity " + array.length);
    }
    size += bytes;
  }

  /** Forgets the written bytes, keeping the capacity. */
  public void rewind() {
    size = 0;
  }

  /** Bytes written so far, including any header gap. */
  public int size() {
    return size;
  }

  /** The backing array; valid bytes are {@code [0, size())}. */
  public byte[] array() {
    return array;
  }

  /** The written bytes, sharing the array when it is exactly full (no copy on the common path). */
  public byte[] toByteArray() {
    return size == array.length ? array : Arrays.copyOf(array, size);
  }

  @Override
  public void write(int b) {
    reserve(1)[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    System.arraycopy(b, off, reserve(len), size, len);
    size += len;
  }

  @Override
  public void close() {
    // Stream codecs close their wrapper when done; the buffer stays usable.
  }
}
