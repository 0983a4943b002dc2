package dev.optimizer.bench.report;

/**
 * One algorithm at one level on one sample: how small and how fast.
 *
 * @param algorithm e.g. {@code ZSTD}
 * @param level e.g. {@code BALANCED}
 * @param ratio original size over compressed size (2.0 halves the data)
 * @param compressMBps compression speed, MB (10^6 bytes) of input per second
 * @param decompressMBps decompression speed, MB of output per second
 */
public record CompressionPoint(String algorithm, String level, double ratio, double compressMBps,
    double decompressMBps) {}
