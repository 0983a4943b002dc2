package dev.optimizer.core.internal;

import dev.optimizer.core.spi.SampleSource;
import dev.optimizer.core.SystemMetric;
import dev.optimizer.core.SystemSample;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import dev.optimizer.core.Ticker;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Reads OSHI (CPU, memory, swap, disk and network rates) and the JVM's management beans (heap, old
 * generation after GC, GC time). Rates and CPU loads are deltas against the previous call, so the first
 * call reports them as 0. Not thread-safe: the monitor calls it from one thread at a time.
 */
public final class OshiSampleSource implements SampleSource {
  private static final Logger log = LoggerFactory.getLogger(OshiSampleSource.class);

  private final Ticker ticker;
  private @Nullable HardwareAbstractionLayer hal;
  private @Nullable OperatingSystem os;
  private long[] prevTicks = new long[0];
  private @Nullable OSProcess prevProcess;
  private long prevDiskRead = -1;
  private long prevDiskWrite = -1;
  private long prevNetRx = -1;
  private long prevNetTx = -1;
  private long prevGcMillis = -1;
  private long prevNanos;
  private boolean oshiFailed;

  /**
   * @param ticker stamps each sample with its {@link Ticker#wallMillis() wall time}; rates are measured
   *     against {@link System#nanoTime()}, as they divide real OS counters by real elapsed time
   */
  public OshiSampleSource(Ticker ticker) {
    this.ticker = java.util.Objects.requireNonNull(ticker, "ticker");
  }

  @Override
  public SystemSample sample() {
    Map<SystemMetric, Double> v = new EnumMap<>(SystemMetric.class);
    // Real elapsed time, not the ticker's: the counters it divides are the OS's real ones.
    long now = System.nanoTime();
    double seconds = prevNanos == 0 ? 0 : (now - prevNanos) / 1e9;
    readOshi(v, seconds);
    long collections = readJvm(v, seconds);
    prevNanos = now;
    return new SystemSample(Instant.ofEpochMilli(ticker.wallMillis()), v, collections);
  }

  private void readOshi(Map<SystemMetric, Double> v, double seconds) {
    if (oshiFailed) {
      return;
    }
    try {
      if (hal == null) {
        // OSHI's first use costs hundreds of milliseconds: pay it on the sampler thread, not in build().
        SystemInfo si = new SystemInfo();
        hal = si.getHardware();
        os = si.getOperatingSystem();
      }
      HardwareAbstractionLayer h = hal;
      CentralProcessor cpu = h.getProcessor();
      long[] ticks = cpu.getSystemCpuLoadTicks();
      v.put(SystemMetric.SYSTEM_CPU, prevTicks.length == 0 ? 0 : clamp(cpu.getSystemCpuLoadBetweenTicks(prevTicks)));
      prevTicks = ticks;

      OSProcess proc = os.getProcess(os.getProcessId());
      if (proc != null) {
        double load = prevProcess == null ? 0 : proc.getProcessCpuLoadBetweenTicks(prevProcess);
        v.put(SystemMetric.PROCESS_CPU, clamp(load / Math.max(1, cpu.getLogicalProcessorCount())));
        prevProcess = proc;
      }

      GlobalMemory mem = h.getMemory();
      long total = mem.getTotal();
      v.put(SystemMetric.MEMORY_USED, total <= 0 ? 0 : clamp((double) (total - mem.getAvailable()) / total));
      long swapTotal = mem.getVirtualMemory().getSwapTotal();
      v.put(SystemMetric.SWAP_USED,
          swapTotal <= 0 ? 0 : clamp((double) mem.getVirtualMemory().getSwapUsed() / swapTotal));

      long read = 0;
      long written = 0;
      for (HWDiskStore d : h.getDiskStores()) {
        read += d.getReadBytes();
        written += d.getWriteBytes();
      }
      v.put(SystemMetric.DISK_READ_RATE, rate(prevDiskRead, read, seconds));
      v.put(SystemMetric.DISK_WRITE_RATE, rate(prevDiskWrite, written, seconds));
      prevDiskRead = read;
      prevDiskWrite = written;

      long rx = 0;
      long tx = 0;
      List<NetworkIF> nets = h.getNetworkIFs();
      for (NetworkIF n : nets) {
        rx += n.getBytesRecv();
        tx += n.getBytesSent();
      }
      v.put(SystemMetric.NETWORK_RECEIVE_RATE, rate(prevNetRx, rx, seconds));
      v.put(SystemMetric.NETWORK_SEND_RATE, rate(prevNetTx, tx, seconds));
      prevNetRx = rx;
      prevNetTx = tx;
    } catch (RuntimeException | LinkageError e) {
      // A platform OSHI cannot read must not cost the JVM figures: log once, keep sampling the JVM.
      oshiFailed = true;
      log.warn("OSHI cannot read this platform; system CPU, memory, disk and network figures are off", e);
    }
  }

  private long readJvm(Map<SystemMetric, Double> v, double seconds) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    v.put(SystemMetric.HEAP_USED, max <= 0 ? 0 : clamp((double) heap.getUsed() / max));

    long oldAfterGc = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && isOldGen(pool.getName())) {
        MemoryUsage after = pool.getCollectionUsage();
        if (after != null) {
          oldAfterGc += after.getUsed();
        }
      }
    }
    v.put(SystemMetric.OLD_GEN_AFTER_GC, (double) oldAfterGc);

    long gcMillis = 0;
    long collections = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
      collections += Math.max(0, gc.getCollectionCount());
    }
    double gcRatio = prevGcMillis < 0 || seconds <= 0 ? 0 : (gcMillis - prevGcMillis) / (seconds * 1000);
    v.put(SystemMetric.GC_TIME, clamp(gcRatio));
    prevGcMillis = gcMillis;
    return collections;
  }

  private static boolean isOldGen(String pool) {
    String p = pool.toLowerCase(java.util.Locale.ROOT);
    return p.contains("old") || p.contains("tenured");
  }

  private static double rate(long prev, long now, double seconds) {
    if (prev < 0 || seconds <= 0 || now < prev) {
      return 0;
    }
    return (now - prev) / seconds;
  }

  private static double clamp(double d) {
    if (Double.isNaN(d) || d < 0) {
      return 0;
    }
    return Math.min(1, d);
  }
}
