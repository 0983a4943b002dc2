package dev.optimizer.bench.limit;

/**
 * One point of the overload experiment: one limiter at one offered load.
 *
 * @param limiter {@code none}, {@code fixed} or {@code adaptive}
 * @param loadFactor offered load over the service's capacity
 * @param offeredPerSecond arrivals per second
 * @param arrived requests that arrived in the measured interval
 * @param rejected requests the limiter refused
 * @param p50Millis accepted requests' median latency, from the intended arrival time (coordinated omission
 *     corrected), in milliseconds; requests still unanswered at the end count with their age then
 * @param p95Millis accepted requests' 95th percentile, ms
 * @param p99Millis accepted requests' 99th percentile, ms
 * @param goodputPerSecond accepted requests answered within the deadline, per second
 * @param finalLimit the limit in force at the end ({@code -1} for none)
 */
public record OverloadRow(String limiter, double loadFactor, double offeredPerSecond, long arrived, long rejected,
    double p50Millis, double p95Millis, double p99Millis, double goodputPerSecond, int finalLimit) {
  /** Rejected over arrived. */
  public double rejectionRate() {
    return arrived == 0 ? 0 : rejected / (double) arrived;
  }
}
