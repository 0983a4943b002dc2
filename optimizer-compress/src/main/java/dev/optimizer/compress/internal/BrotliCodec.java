package dev.optimizer.compress.internal;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.encoder.Encoder;
import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Brotli through brotli4j. Decoding drives the JNI decoder directly so output is copied straight into
 * the destination and stops the moment it would exceed the declared length; brotli4j's
 * {@code Decoder.decompress} would buffer everything a bomb produces first.
 */
final class BrotliCodec implements Codec {
  BrotliCodec() {
    Brotli4jLoader.ensureAvailability();
  }

  static int quality(Level level) {
    return switch (level) {
      case FAST -> 1;
      case BALANCED -> 6;
      case MAXIMUM -> 11;
    };
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.BROTLI;
  }

  @Override
  public int initialCapacity(int len) {
    return len / 2 + 64;
  }

  @Override
  public void compress(byte[] src, int off, int len, Level level, OutputBuffer out) throws IOException {
    byte[] encoded = Encoder.compress(src, off, len, new Encoder.Parameters().setQuality(quality(level)));
    out.write(encoded, 0, encoded.length);
  }

  @Override
  public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) throws IOException {
    DecoderJNI.Wrapper decoder = new DecoderJNI.Wrapper(Math.max(1, len));
    try {
      decoder.getInputBuffer().put(src, off, len);
      decoder.push(len);
      int written = 0;
      while (decoder.getStatus() != DecoderJNI.Status.DONE) {
        switch (decoder.getStatus()) {
          case OK -> decoder.push(0);
          case NEEDS_MORE_OUTPUT -> {
            ByteBuffer chunk = decoder.pull();
            int n = chunk.remaining();
            if (n > dstLen - written) {
              throw new IOException("brotli payload expands beyond the declared " + dstLen + " bytes");
            }
            chunk.get(dst, dstOff + written, n);
            written += n;
          }
          case NEEDS_MORE_INPUT -> {
            decoder.push(0);
            if (decoder.getStatus() == DecoderJNI.Status.NEEDS_MORE_INPUT) {
              throw new IOException("brotli payload is truncated");
            }
          }
          default -> throw new IOException("brotli decoder reports " + decoder.getStatus());
        }
      }
      while (decoder.hasOutput()) {
        ByteBuffer chunk = decoder.pull();
        int n = chunk.remaining();
        if (n > dstLen - written) {
          throw new IOException("brotli payload expands beyond the declared " + dstLen + " bytes");
        }
        chunk.get(dst, dstOff + written, n);
        written += n;
      }
      if (written != dstLen) {
        throw new IOException("brotli payload decodes to " + written + " bytes, header declares " + dstLen);
      }
    } finally {
      decoder.destroy();
    }
  }
}
