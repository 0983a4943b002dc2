package dev.optimizer.bench.demo;

/**
 * What one run of one demo part cost.
 *
 * @param backendCalls calls that reached the backend
 * @param millis wall-clock time of the workload, milliseconds
 * @param bytesStored bytes the run keeps for the part's data (raw in a plain map, or what the
 *     optimizer's tiers hold after compression); -1 when the part stores nothing
 * @param note what the optimizer's components report about the run (hit counts, ...); empty for none
 * @param heapRetained bytes of heap the part's data keeps live after a full collection (measured with
 *     the data still held, against a reading taken before the run); -1 when not measured
 */
public record PartResult(long backendCalls, double millis, long bytesStored, String note, long heapRetained) {
  /** A result without a note or heap figure. */
  public PartResult(long backendCalls, double millis, long bytesStored) {
    this(backendCalls, millis, bytesStored, "", -1);
  }

  /** A result without a heap figure. */
  public PartResult(long backendCalls, double millis, long bytesStored, String note) {
    this(backendCalls, millis, bytesStored, note, -1);
  }
}
