package dev.optimizer.core;

/**
 * A figure the {@link SystemMonitor} samples. Ratios are fractions in [0, 1]; rates are bytes per second;
 * sizes are bytes.
 */
public enum SystemMetric {
  /** Whole-machine CPU utilisation across all cores, fraction. */
  SYSTEM_CPU("optimizer.system.cpu.system", "ratio"),
  /** This process's CPU utilisation across all cores, fraction. */
  PROCESS_CPU("optimizer.system.cpu.process", "ratio"),
  /** Physical memory in use (total minus available), fraction. */
  MEMORY_USED("optimizer.system.memory.used", "ratio"),
  /** Swap in use, fraction (0 when the machine has no swap). */
  SWAP_USED("optimizer.system.swap.used", "ratio"),
  /** Bytes read from all disks per second. */
  DISK_READ_RATE("optimizer.system.disk.read", "bytes/s"),
  /** Bytes written to all disks per second. */
  DISK_WRITE_RATE("optimizer.system.disk.write", "bytes/s"),
  /** Bytes received on all network interfaces per second. */
  NETWORK_RECEIVE_RATE("optimizer.system.network.receive", "bytes/s"),
  /** Bytes sent on all network interfaces per second. */
  NETWORK_SEND_RATE("optimizer.system.network.send", "bytes/s"),
  /** JVM heap in use over the heap's maximum, fraction. */
  HEAP_USED("optimizer.system.heap.used", "ratio"),
  /** Old generation in use right after the last collection, bytes (0 before the first collection). */
  OLD_GEN_AFTER_GC("optimizer.system.heap.old.after.gc", "bytes"),
  /** Fraction of wall time spent in GC since the previous sample. */
  GC_TIME("optimizer.system.gc.time", "ratio");

  private final String meterName;
  private final String unit;

  SystemMetric(String meterName, String unit) {
    this.meterName = meterName;
    this.unit = unit;
  }

  /** The Micrometer gauge name under which the current value is published. */
  public String meterName() {
    return meterName;
  }

  /** {@code ratio}, {@code bytes/s} or {@code bytes}. */
  public String unit() {
    return unit;
  }
}
