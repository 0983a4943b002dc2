package dev.optimizer.batch.internal.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(items.size());
      for (byte[] item : items) {
        out.writeInt(item.length);
        out.write(item);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalArgumentException if {@code payload} is not an items frame of {@code expected} items */
  static List<byte[]> items(byte[] payload, int expected) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      int n = in.readInt();
      if (n != expected) {
        throw new IllegalArgumentException("batch payload holds " + n + " items, expected " + expected);
      }
      List<byte[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(readBytes(in, payload.length));
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException("batch payload has " + in.available() + " trailing bytes");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("batch payload of " + payload.length + " bytes is truncated", e);
    }
  }

  static byte[] outcomes(List<Outcome> outcomes) {
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
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      if (in.readByte() != OUTCOME_VERSION) {
        throw new IllegalArgumentException("batch outcome has an unknown version");
      }
      int n = in.readInt();
      if (n < 0 || n > MAX_ITEMS) {
        throw new IllegalArgumentException("batch outcome claims " + n + " items");
      }
      List<Outcome> out = new ArrayList<>(Math.min(n, 4096));
      for (int i = 0; i < n; i++) {
        byte tag = in.readByte();
        switch (tag) {
          case 0 -> out.add(Outcome.value(readBytes(in, payload.length)));
          case 1 -> out.add(Outcome.value(null));
          case 2 -> {
            int attempts = in.readInt();
            out.add(Outcome.failure(in.readUTF(), in.readUTF(), Math.max(1, attempts)));
          }
          default -> throw new IllegalArgumentException("batch outcome has item tag " + tag);
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("batch outcome of " + payload.length + " bytes is truncated", e);
    }
  }

  private static byte[] readBytes(DataInputStream in, int limit) throws IOException {
    int len = in.readInt();
    if (len < 0 || len > limit) {
      throw new IllegalArgumentException("item length " + len + " outside the payload");
    }
    byte[] bytes = in.readNBytes(len);
    if (bytes.length != len) {
      throw new IllegalArgumentException("item of " + len + " bytes is truncated to " + bytes.length);
    }
    return bytes;
  }

  private static String clip(String s) {
    return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
  }
}
