package dev.optimizer.compress.internal;

import dev.optimizer.compress.Level;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes a stream frame: the stream header, then each full chunk of input compressed on its own, then an
 * empty chunk as the end marker. Holds one chunk of input and one of output at a time. Not thread-safe.
 */
final class FrameOutputStream extends OutputStream {
  private final OutputStream out;
  private final Codec codec;
  private final Level level;
  private final byte[] chunk;
  private final EngineCounters counters;
  private final OutputBuffer encoded;
  private int filled;
  private boolean headerWritten;
  private boolean closed;

  FrameOutputStream(OutputStream out, Codec codec, Level level, int chunkSize, EngineCounters counters) {
    this.out = Objects.requireNonNull(out, "out");
    this.codec = codec;
    this.level = level;
    this.chunk = new byte[chunkSize];
    this.counters = counters;
    this.encoded = new OutputBuffer(FrameFormat.CHUNK_HEADER + codec.initialCapacity(chunkSize));
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    chunk[filled++] = (byte) b;
    if (filled == chunk.length) {
      flushChunk();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    while (len > 0) {
      int n = Math.min(len, chunk.length - filled);
      System.arraycopy(b, off, chunk, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == chunk.length) {
        flushChunk();
      }
    }
  }

  /** Writes what is buffered as a chunk and flushes the underlying stream. */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    if (filled > 0) {
      flushChunk();
    }
    out.flush();
  }

  private void writeHeaderOnce() throws IOException {
    if (!headerWritten) {
      byte[] h = new byte[FrameFormat.STREAM_HEADER];
      FrameFormat.writeStreamHeader(h, codec.algorithm(), level, chunk.length);
      out.write(h);
      headerWritten = true;
    }
  }

  private void flushChunk() throws IOException {
    writeHeaderOnce();
    long start = System.nanoTime();
    OutputBuffer buf = encoded;
    // One buffer serves every chunk: the chunk header gap first, then the payload.
    resetBuffer(buf);
    codec.compress(chunk, 0, filled, level, buf);
    int payload = buf.size() - FrameFormat.CHUNK_HEADER;
    FrameFormat.writeChunkHeader(buf.array(), 0, filled, payload, FrameFormat.crc32c(chunk, 0, filled));
    out.write(buf.array(), 0, buf.size());
    counters.of(codec.algorithm(), true).record(filled, buf.size(), System.nanoTime() - start);
    filled = 0;
  }

  private static void resetBuffer(OutputBuffer buf) {
    buf.rewind();
    buf.reserve(FrameFormat.CHUNK_HEADER);
    buf.advance(FrameFormat.CHUNK_HEADER);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      if (filled > 0) {
        flushChunk();
      }
      writeHeaderOnce();
      byte[] end = new byte[FrameFormat.CHUNK_HEADER];
      FrameFormat.writeChunkHeader(end, 0, 0, 0, 0);
      out.write(end);
    } finally {
      closed = true;
      out.close();
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
  }
}
