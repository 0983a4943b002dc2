package dev.optimizer.bench.report;

import org.jspecify.annotations.Nullable;

/**
 * One evaluated row of the report.
 *
 * @param target the row of the target table
 * @param variant the method and the parameters the target does not pin, e.g. {@code get, corpus=LOGS};
 *     empty when there is only one
 * @param ours our measurement, null when not run
 * @param peer the peer's measurement, null when not run or the target has no peer
 * @param status met, missed, for information, or not run
 * @param measured the figure in the target's terms ({@code 2.31x faster}), or why it did not run
 */
public record TargetRow(Target target, String variant, @Nullable Measurement ours,
    @Nullable Measurement peer, Status status, String measured) {

  /** The outcome of a row. */
  public enum Status {
    /** Measured and the target is met. */
    MET,
    /** Measured and the target is not met. */
    MISSED,
    /**
     * Measured, but a figure is above its physical bound ({@link Target#bounds()}): the benchmark
     * measures something else, so the row is neither met nor missed.
     */
    INVALID,
    /**
     * Quick mode only: measured and short of the target, for a class known to need a longer run than
     * quick mode gives ({@link dev.optimizer.bench.suite.QuickParams#needsFullReason}); run {@code --full}
     * for a verdict.
     */
    NEEDS_FULL,
    /** Measured; the row has no target. */
    INFO,
    /** Not measured: {@link #measured()} says why. */
    NOT_RUN
  }

  /** Our speed over the peer's (higher is better), NaN when either is missing. */
  public double speedRatio() {
    return ours != null && peer != null ? peer.cost() / ours.cost() : Double.NaN;
  }

  /** The target as a speed ratio, NaN when it has none (see {@link TargetKind#targetSpeedRatio}). */
  public double targetSpeedRatio() {
    return peer != null ? target.kind().targetSpeedRatio(peer.cost(), target.value()) : Double.NaN;
  }

  /** A chart label: short class name, our value vs the peer's, the variant's values, at most 48 chars. */
  public String shortLabel() {
    String name = target.simpleClassName().replaceAll("(Bench(mark)?|Report)$", "");
    String peer = target.peer() == null ? "" : target.bestOfPeers() ? " vs best" : " vs " + target.peer();
    String values = variant.isEmpty() ? "" : " " + variant.replaceAll("[A-Za-z]+=", "").replace(",", "");
    String label = name + " " + target.ours() + peer + values;
    return label.length() <= 48 ? label : label.substring(0, 47) + "…";
  }

  /** A short label: class simple name, our value vs the peer's, the variant. */
  public String label() {
    String name = target.simpleClassName().replaceAll("Bench(mark)?$", "") + " " + target.ours()
        + (target.peer() != null ? " vs " + target.peerLabel() : "");
    return variant.isEmpty() ? name : name + " (" + variant + ")";
  }
}
