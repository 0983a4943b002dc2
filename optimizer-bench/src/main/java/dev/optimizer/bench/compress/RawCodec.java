package dev.optimizer.bench.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;
import org.xerial.snappy.Snappy;

/**
 * The peer: each library called the way its documentation shows, at the native setting the engine maps
 * the {@link Level} to (see the table on {@link Algorithm}), with no frame and no checksum of ours. Where
 * a format does not store the original length (LZ4 block, zstd via the simple API) the caller is assumed
 * to know it, which is the most favourable case for the peer.
 */
final class RawCodec {
  private final Algorithm algorithm;
  private final Level level;
  private final int originalLength;
  private final LZ4Compressor lz4;
  private final LZ4SafeDecompressor lz4Decompressor;

  RawCodec(Algorithm algorithm, Level level, int originalLength) {
    this.algorithm = algorithm;
    this.level = level;
    this.originalLength = originalLength;
    LZ4Factory f = LZ4Factory.fastestInstance();
    this.lz4 = level == Level.FAST ? f.fastCompressor() : f.highCompressor(level == Level.BALANCED ? 9 : 17);
    this.lz4Decompressor = f.safeDecompressor();
    Brotli4jLoader.ensureAvailability();
  }

  private int nativeLevel(int fast, int balanced, int maximum) {
    return level == Level.FAST ? fast : level == Level.BALANCED ? balanced : maximum;
  }

  byte[] compress(byte[] data) throws IOException {
    switch (algorithm) {
      case LZ4:
        return lz4.compress(data);
      case ZSTD:
        return Zstd.compress(data, nativeLevel(1, 3, 19));
      case SNAPPY:
        return Snappy.compress(data);
      case BROTLI:
        return Encoder.compress(data, new Encoder.Parameters().setQuality(nativeLevel(1, 6, 11)));
      case GZIP: {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(data.length / 2);
        int l = nativeLevel(1, 6, 9);
        try (GZIPOutputStream out = new GZIPOutputStream(bos, 64 << 10) {
          {
            def.setLevel(l);
          }
        }) {
          out.write(data);
        }
        return bos.toByteArray();
      }
      case DEFLATE: {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(data.length / 2);
        Deflater deflater = new Deflater(nativeLevel(1, 6, 9));
        try (DeflaterOutputStream out = new DeflaterOutputStream(bos, deflater, 64 << 10)) {
          out.write(data);
        } finally {
          deflater.end();
        }
        return bos.toByteArray();
      }
      case BZIP2: {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(data.length / 3);
        try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(bos, nativeLevel(1, 5, 9))) {
          out.write(data);
        }
        return bos.toByteArray();
      }
      case XZ: {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(data.length / 3);
        LZMA2Options options = new LZMA2Options(nativeLevel(1, 6, 9));
        options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(options.getDictSize(), data.length)));
        try (XZOutputStream out = new XZOutputStream(bos, options)) {
          out.write(data);
        }
        return bos.toByteArray();
      }
      default:
        return data.clone();
    }
  }

  byte[] decompress(byte[] compressed) throws IOException {
    switch (algorithm) {
      case LZ4: {
        byte[] out = new byte[originalLength];
        lz4Decompressor.decompress(compressed, 0, compressed.length, out, 0, originalLength);
        return out;
      }
      case ZSTD:
        return Zstd.decompress(compressed, originalLength);
      case SNAPPY:
        return Snappy.uncompress(compressed);
      case BROTLI:
        return Decoder.decompress(compressed).getDecompressedData();
      case GZIP:
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 64 << 10)) {
          return in.readAllBytes();
        }
      case DEFLATE:
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(compressed))) {
          return in.readAllBytes();
        }
      case BZIP2:
        try (BZip2CompressorInputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(compressed))) {
          return in.readAllBytes();
        }
      case XZ:
        try (XZInputStream in = new XZInputStream(new ByteArrayInputStream(compressed))) {
          return in.readAllBytes();
        }
      default:
        return compressed.clone();
    }
  }
}
