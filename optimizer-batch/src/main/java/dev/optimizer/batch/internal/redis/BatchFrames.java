package dev.optimizer.batch.internal.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of one batch in Redis: its encoded items, and its outcome (per item a value, a null or a
 * failure). Plain length-prefixed frames; nothing here names a class to load.
 */
final class BatchFrames {
  static final byte OUTCOME_VERSION = 1;
  private static final int MAX_ITEMS = 10_000_000;

  private BatchFrames() {}

  /** One item's outcome as stored: a value's bytes, null, or a failure. */
  record Outcome(byte @Nullable [] value, boolean failed, String errorType, String message, int attempts) {
    static Outcome value(byte @Nullable [] bytes) {
      return new Outcome(bytes, false, "", "", 0);
    }

    static Outcome failure(String type, String message, int attempts) {
      return new Outcome(null, true, type, message, attempts);
    }
  }

  static byte[] items(List<byte[]> items) {
    long size = 4;
    for (byte[] item : items) {
      size += 4L + item.length;
    }
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size));
    out.putInt(items.size());
    for (byte[] item : items) {
      out.putInt(item.length);
      out.put(item);
    }
    return out.array();
  }

  /** @throws IllegalArgumentException if {@code payload} is not an items frame of {@code expected} items */
  static List<byte[]> items(byte[] payload, int expected) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    try {
      int n = in.getInt();
      if (n != expected) {
        throw new IllegalArgumentException("batch payload holds " + n + " items, expected " + expected);
      }
      List<byte[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(readBytes(in));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("batch payload has " + in.remaining() + " trailing bytes");
      }
      return out;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("batch payload of " + payload.length + " bytes is truncated", e);
    }
  }

  static byte[] outcomes(List<Outcome> outcomes) {
    long size = 5;
    for (Outcome o : outcomes) {
      if (o.failed()) {
        return outcomesWithFailures(outcomes); // rare: strings in modified UTF-8 (writeUTF)
      }
      size += o.value() == null ? 1 : 5L + o.value().length;
    }
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size));
    out.put(OUTCOME_VERSION);
    out.putInt(outcomes.size());
    for (Outcome o : outcomes) {
      if (o.value() == null) {
        out.put((byte) 1);
      } else {
        out.put((byte) 0);
        out.putInt(o.value().length);
        out.put(o.value());
      }
    }
    return out.array();
  }

  private static byte[] outcomesWithFailures(List<Outcome> outcomes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(OUTCOME_VERSION);
      out.writeInt(outcomes.size());
      for (Outcome o : outcomes) {
        if (o.failed()) {
          out.writeByte(2);
          out.writeInt(o.attempts());
          out.writeUTF(clip(o.errorType()));
          out.writeUTF(clip(o.message()));
        } else if (o.value() == null) {
          out.writeByte(1);
        } else {
          out.writeByte(0);
          out.writeInt(o.value().length);
          out.write(o.value());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalArgumentException if {@code payload} is not an outcome frame */
  static List<Outcome> outcomes(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    try {
      if (in.get() != OUTCOME_VERSION) {
        throw new IllegalArgumentException("batch outcome has an unknown version");
      }
      int n = in.getInt();
      if (n < 0 || n > MAX_ITEMS) {
        throw new IllegalArgumentException("batch outcome claims " + n + " items");
      }
      List<Outcome> out = new ArrayList<>(Math.min(n, 4096));
      for (int i = 0; i < n; i++) {
        byte tag = in.get();
        switch (tag) {
          case 0 -> out.add(Outcome.value(readBytes(in)));
          case 1 -> out.add(Outcome.value(null));
          case 2 -> {
            int attempts = in.getInt();
            out.add(Outcome.failure(readUtf(in), readUtf(in), Math.max(1, attempts)));
          }
          default -> throw new IllegalArgumentException("batch outcome has item tag " + tag);
        }
      }
      return out;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("batch outcome of " + payload.length + " bytes is truncated", e);
    }
  }

  private static byte[] readBytes(ByteBuffer in) {
    int len = in.getInt();
    if (len < 0 || len > in.capacity()) {
      throw new IllegalArgumentException("item length " + len + " outside the payload");
    }
    if (len > in.remaining()) {
      throw new IllegalArgumentException("item of " + len + " bytes is truncated to " + in.remaining());
    }
    byte[] bytes = new byte[len];
    in.get(bytes);
    return bytes;
  }

  /** A string as {@link DataOutputStream#writeUTF} wrote it (two length bytes, modified UTF-8). */
  private static String readUtf(ByteBuffer in) {
    int len = Short.toUnsignedInt(in.getShort());
    if (len > in.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] frame = new byte[2 + len];
    frame[0] = (byte) (len >>> 8);
    frame[1] = (byte) len;
    in.get(frame, 2, len);
    try {
      return new DataInputStream(new ByteArrayInputStream(frame)).readUTF();
    } catch (IOException e) {
      throw new IllegalArgumentException("batch outcome holds a malformed string: " + e.getMessage(), e);
    }
  }

  private static String clip(String s) {
    return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
  }
}
