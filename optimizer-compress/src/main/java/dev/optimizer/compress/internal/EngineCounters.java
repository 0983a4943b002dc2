package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.CompressionStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters per algorithm and direction, read by {@code stats()} and the meter binder. */
public final class EngineCounters {
  /** One algorithm in one direction. */
  public static final class Direction {
    final LongAdder calls = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder nanos = new LongAdder();

    void record(long in, long out, long elapsedNanos) {
      calls.increment();
      bytesIn.add(in);
      bytesOut.add(out);
      nanos.add(elapsedNanos);
    }

    /** Completed calls. */
    public long calls() {
      return calls.sum();
    }

    /** Bytes consumed. */
    public long bytesIn() {
      return bytesIn.sum();
    }

    /** Bytes produced. */
    public long bytesOut() {
      return bytesOut.sum();
    }

    /** Nanoseconds spent. */
    public long nanos() {
      return nanos.sum();
    }

    CompressionStats.DirectionStats snapshot() {
      return new CompressionStats.DirectionStats(calls(), bytesIn(), bytesOut(), java.time.Duration.ofNanos(nanos()));
    }
  }

  private final Map<Algorithm, Direction> compress = new EnumMap<>(Algorithm.class);
  private final Map<Algorithm, Direction> decompress = new EnumMap<>(Algorithm.class);
  final LongAdder storedUncompressed = new LongAdder();
  final LongAdder corrupt = new LongAdder();

  EngineCounters() {
    for (Algorithm a : Algorithm.values()) {
      compress.put(a, new Direction());
      decompress.put(a, new Direction());
    }
  }

  /** The counters of {@code algorithm} for compression or decompression. */
  public Direction of(Algorithm algorithm, boolean compressing) {
    return (compressing ? compress : decompress).get(algorithm);
  }

  /** Frames stored with NONE because the data did not compress enough. */
  public long storedUncompressed() {
    return storedUncompressed.sum();
  }

  /** Inputs rejected as corrupt. */
  public long corrupt() {
    return corrupt.sum();
  }

  Map<Algorithm, CompressionStats.DirectionStats> snapshot(boolean compressing) {
    Map<Algorithm, CompressionStats.DirectionStats> out = new EnumMap<>(Algorithm.class);
    for (Map.Entry<Algorithm, Direction> e : (compressing ? compress : decompress).entrySet()) {
      if (e.getValue().calls() > 0) {
        out.put(e.getKey(), e.getValue().snapshot());
      }
    }
    return out;
  }
}
