package dev.optimizer.cache.internal;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The L3 store's redo log: every write since the store's last checkpoint, appended in order, so that a
 * process killed at any point loses no write that was appended, and a power loss none that was
 * {@link #force() forced}.
 *
 * <p>Why it exists: MapDB 3.1's {@code StoreWAL} writes a commit into the store file in place and never
 * replays its own log on open, so a process killed inside a commit leaves a torn file. Commits
 * (checkpoints) are therefore rare, and this journal carries durability between them.
 *
 * <p>Format: an 8-byte magic, then records {@code length(4) crc32c(4) body}, body {@code op(1)
 * keyLength(4) key(UTF-8) value}. Replay stops at the first record that is cut short or fails its
 * checksum (a write torn by the kill), and the file is truncated there.
 *
 * <p>Uses {@link RandomAccessFile}, not a {@code FileChannel}: an interrupted caller must not close the
 * journal for every other thread. Thread-safe (a lock, not {@code synchronized}, so virtual threads do
 * not pin); callers that need records of one key in a given order must order their own calls.
 */
public final class RedoJournal implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(RedoJournal.class);
  private static final byte[] MAGIC = "OPTL3J01".getBytes(StandardCharsets.US_ASCII);
  private static final int FRAME = 8;

  /** Kinds of record. */
  public enum Op {
    /** Store the value under the key. */
    PUT,
    /** Remove the key. */
    REMOVE,
    /** Remove every key. */
    CLEAR
  }

  /** Receives replayed records in the order they were appended. */
  @FunctionalInterface
  public interface Sink {
    /** One record; {@code value} is null unless {@code op} is PUT, {@code key} is "" for CLEAR. */
    void apply(Op op, String key, byte @Nullable [] value);
  }

  private final Path file;
  private final RandomAccessFile raf;
  private final ReentrantLock lock = new ReentrantLock();
  private long size;

  private RedoJournal(Path file, RandomAccessFile raf, long size) {
    this.file = file;
    this.raf = raf;
    this.size = size;
  }

  /**
   * Opens the journal at {@code file}, creating it if absent. A file that does not start with the
   * journal's magic (foreign or torn at creation) is logged and emptied: nothing in it can be trusted.
   *
   * @throws IOException if the file cannot be opened or written
   */
  public static RedoJournal open(Path file) throws IOException {
    RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
    try {
      long length = raf.length();
      byte[] magic = new byte[MAGIC.length];
      boolean valid = length >= MAGIC.length;
      if (valid) {
        raf.readFully(magic);
        valid = Arrays.equals(magic, MAGIC);
      }
      if (!valid) {
        if (length > 0) {
          log.warn("journal {} does not start with its magic ({} bytes); discarding it", file, length);
        }
        raf.setLength(0);
        raf.seek(0);
        raf.write(MAGIC);
        raf.getFD().sync();
        length = MAGIC.length;
      }
      return new RedoJournal(file, raf, length);
    } catch (IOException | RuntimeException e) {
      raf.close();
      throw e;
    }
  }

  /** Bytes in the journal, magic included. */
  public long size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the journal holds no record. */
  public boolean isEmpty() {
    return size() <= MAGIC.length;
  }

  /**
   * Appends one record. Once this returns, the record survives the death of this process; it survives a
   * power loss after {@link #force()}.
   *
   * @throws IOException if the write fails; the journal is then cut back to its last whole record
   */
  public void append(Op op, String key, byte @Nullable [] value) throws IOException {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    int bodyLength = 1 + 4 + k.length + (value == null ? 0 : value.length);
    ByteBuffer b = ByteBuffer.allocate(FRAME + bodyLength);
    b.putInt(bodyLength).putInt(0).put((byte) op.ordinal()).putInt(k.length).put(k);
    if (value != null) {
      b.put(value);
    }
    byte[] frame = b.array();
    CRC32C crc = new CRC32C();
    crc.update(frame, FRAME, bodyLength);
    ByteBuffer.wrap(frame, 4, 4).putInt((int) crc.getValue());
    lock.lock();
    try {
      raf.seek(size);
      try {
        raf.write(frame);
      } catch (IOException e) {
        try {
          raf.setLength(size); // a half-written record must not hide the ones appended after it
        } catch (IOException cut) {
          e.addSuppressed(cut);
        }
        throw e;
      }
      size += frame.length;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forces appended records to the device (fsync).
   *
   * @throws IOException if the device reports a failure
   */
  public void force() throws IOException {
    raf.getFD().sync();
  }

  /**
   * Feeds every whole record to {@code sink}, in order, and cuts the file after the last one: a tail torn
   * by a crash is logged and dropped.
   *
   * @return the number of records replayed
   * @throws IOException if the file cannot be read
   */
  public long replay(Sink sink) throws IOException {
    lock.lock();
    try {
      long length = raf.length();
      long at = MAGIC.length;
      long records = 0;
      raf.seek(at);
      byte[] frame = new byte[FRAME];
      while (at + FRAME <= length) {
        raf.readFully(frame);
        ByteBuffer f = ByteBuffer.wrap(frame);
        int bodyLength = f.getInt();
        int expected = f.getInt();
        if (bodyLength < 5 || bodyLength > length - at - FRAME) {
          break;
        }
        byte[] body = new byte[bodyLength];
        try {
          raf.readFully(body);
        } catch (EOFException e) {
          break;
        }
        CRC32C crc = new CRC32C();
        crc.update(body);
        if ((int) crc.getValue() != expected) {
          break;
        }
        ByteBuffer r = ByteBuffer.wrap(body);
        int opIndex = r.get();
        int keyLength = r.getInt();
        if (opIndex < 0 || opIndex >= Op.values().length || keyLength < 0 || keyLength > bodyLength - 5) {
          break;
        }
        Op op = Op.values()[opIndex];
        String key = new String(body, 5, keyLength, StandardCharsets.UTF_8);
        byte[] value = op == Op.PUT ? Arrays.copyOfRange(body, 5 + keyLength, bodyLength) : null;
        sink.apply(op, key, value);
        records++;
        at += FRAME + bodyLength;
      }
      if (at < length) {
        log.warn("journal {}: {} bytes after the last whole record (a write cut short by a crash) dropped",
            file, length - at);
        raf.setLength(at);
      }
      size = at;
      return records;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Empties the journal after a checkpoint has made its records durable in the store, and forces that.
   *
   * @throws IOException if the file cannot be cut or synced
   */
  public void reset() throws IOException {
    lock.lock();
    try {
      raf.setLength(MAGIC.length);
      size = MAGIC.length;
      raf.getFD().sync();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      raf.close();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "RedoJournal[" + file + "]";
  }
}
