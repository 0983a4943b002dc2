package dev.optimizer.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of the target table: which benchmark, which {@code @Param} value is ours and which the
 * peer's, the target the module's issue sets and how it compares.
 *
 * @param group the suite group the benchmark class belongs to
 * @param benchmarkClass fully qualified class name; the class may not exist yet (module not landed)
 * @param method the {@code @Benchmark} method, or null for every method of the class (one row each)
 * @param param the {@code @Param} that tells ours from the peer, or null to use the one whose declared
 *     values contain both
 * @param ours our value of {@code param}
 * @param peer the peer's value of {@code param}, or null for an absolute target; several values
 *     separated by {@code |}, or a prefix ending in {@code *} ({@code STATIC_*}), compare with the
 *     fastest of them (e.g. the best static batch size of a sweep)
 * @param fixed other parameters pinned for this row; parameters not pinned here give one row per value
 * @param kind how the figures compare
 * @param value the target figure (ratio or nanoseconds, per {@code kind})
 * @param title what the row measures, for people
 * @param issue where the target comes from, e.g. {@code #4}
 * @param bounds the physical ceiling of a {@code @Param} value's figure in operations per second (all
 *     threads), e.g. what a one-call-at-a-time backend can serve; a measurement above its bound is
 *     impossible and the row reads INVALID instead of met or missed. Values without a bound are not checked.
 */
public record Target(String group, String benchmarkClass, @Nullable String method, @Nullable String param,
    String ours, @Nullable String peer, Map<String, String> fixed, TargetKind kind, double value,
    String title, String issue, Map<String, Double> bounds) {

  /** Validates and copies. */
  public Target {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(benchmarkClass, "benchmarkClass");
    Objects.requireNonNull(ours, "ours");
    if (kind.needsPeer() && peer == null) {
      throw new IllegalArgumentException(title + ": " + kind + " needs a peer value");
    }
    fixed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
    bounds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bounds));
  }

  /** Starts a row for {@code benchmarkClass} in {@code group}. */
  public static Builder in(String group, String benchmarkClass) {
    return new Builder(group, benchmarkClass);
  }

  /** Whether {@code value} is (one of) the peer's values. */
  public boolean matchesPeer(String value) {
    if (peer == null) {
      return false;
    }
    for (String alt : peer.split("\\|")) {
      if (alt.endsWith("*") ? value.startsWith(alt.substring(0, alt.length() - 1)) : value.equals(alt)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the row compares with the fastest of several peer values. */
  public boolean bestOfPeers() {
    return peer != null && (peer.contains("|") || peer.contains("*"));
  }

  /** The peer for people: {@code RAW_CAFFEINE}, or {@code best of STATIC_*}; a dash for none. */
  public String peerLabel() {
    return peer == null ? "—" : bestOfPeers() ? "best of " + peer.replace("|", ", ") : peer;
  }

  /** The class name without its package. */
  public String simpleClassName() {
    return benchmarkClass.substring(benchmarkClass.lastIndexOf('.') + 1);
  }

  /** Fluent construction of a {@link Target}; the kind method ends it. Not thread-safe. */
  public static final class Builder {
    private final String group;
    private final String benchmarkClass;
    private @Nullable String method;
    private @Nullable String param;
    private String ours = "";
    private @Nullable String peer;
    private final Map<String, String> fixed = new LinkedHashMap<>();
    private String title = "";
    private String issue = "";
    private final Map<String, Double> bounds = new LinkedHashMap<>();

    private Builder(String group, String benchmarkClass) {
      this.group = group;
      this.benchmarkClass = benchmarkClass;
    }

    /** Limits the row to one {@code @Benchmark} method. */
    public Builder method(String name) {
      this.method = name;
      return this;
    }

    /** Names the parameter that tells ours from the peer (default: found from the values). */
    public Builder param(String name) {
      this.param = name;
      return this;
    }

    /**
     * Our value and the peer's value of the parameter; the peer may be several values ({@code A|B}) or a
     * prefix ({@code STATIC_*}), compared with the fastest of them.
     */
    public Builder compare(String ours, String peer) {
      this.ours = ours;
      this.peer = peer;
      return this;
    }

    /** Our value only, for an absolute target. */
    public Builder alone(String ours) {
      this.ours = ours;
      this.peer = null;
      return this;
    }

    /** Pins another parameter for this row. */
    public Builder where(String name, String value) {
      fixed.put(name, value);
      return this;
    }

    /**
     * The physical ceiling of {@code value}'s figure, in operations per second over all threads: a
     * measurement above it is refused (INVALID).
     */
    public Builder bound(String value, double opsPerSecond) {
      if (!(opsPerSecond > 0)) {
        throw new IllegalArgumentException("bound must be positive, was " + opsPerSecond);
      }
      bounds.put(value, opsPerSecond);
      return this;
    }

    /** What the row measures, and the issue the target comes from. */
    public Builder title(String title, String issue) {
      this.title = title;
      this.issue = issue;
      return this;
    }

    /** Ends the row: our speed at least {@code ratio} times the peer's. */
    public Target speedAtLeast(double ratio) {
      return build(TargetKind.SPEED_AT_LEAST, ratio);
    }

    /** Ends the row: our time at most {@code ratio} times the peer's. */
    public Target timeAtMost(double ratio) {
      return build(TargetKind.TIME_AT_MOST, ratio);
    }

    /** Ends the row: at most {@code nanos} added per operation over the peer. */
    public Target addedNanosAtMost(double nanos) {
      return build(TargetKind.ADDED_NANOS_AT_MOST, nanos);
    }

    /** Ends the row: our time at most {@code nanos} per operation. */
    public Target nanosAtMost(double nanos) {
      return build(TargetKind.NANOS_AT_MOST, nanos);
    }

    /** Ends the row: our score at least {@code fraction} of the peer's (the best candidate's). */
    public Target scoreAtLeast(double fraction) {
      return build(TargetKind.SCORE_AT_LEAST, fraction);
    }

    /** Ends the row: no target, the ratio for information. */
    public Target info() {
      return build(TargetKind.INFO, Double.NaN);
    }

    private Target build(TargetKind kind, double value) {
      return new Target(group, benchmarkClass, method, param, ours, peer, fixed, kind, value, title, issue, bounds);
    }
  }
}
