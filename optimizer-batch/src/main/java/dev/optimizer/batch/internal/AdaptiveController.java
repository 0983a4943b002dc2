package dev.optimizer.batch.internal;

import dev.optimizer.batch.BatchConfig;
import dev.optimizer.batch.Strategy;
import java.util.Arrays;

/**
 * Chooses the batch size and the concurrency of an {@link Strategy#ADAPTIVE} job from the latency of the
 * batches it runs. Thread-safe (synchronized; one call per batch).
 *
 * <h2>Control law</h2>
 * Observations are grouped in <em>windows</em> of at least {@code max(4, 2 × concurrency)} batches and
 * about 20 ms (total latency / concurrency) run under the same settings (reports of batches started under older settings are ignored via {@link #generation()}).
 * At the end of each window, with {@code perItem} = total latency / items of the window and {@code eff}
 * = its inverse (items per second per worker):
 * <ol>
 *   <li><b>Concurrency: gradient limit</b> (the Netflix/Vegas "gradient" law, a Little's-law limit). The
 *       no-load latency {@code noLoad(b)} is a decaying minimum of the per-item latency at batch size
 *       {@code b}: a lower window replaces it, a higher one pulls it up by 5% of the difference.
 *       {@code g = min(1, 1.5 × noLoad(b) / perItem)} (the tolerance of Netflix's Gradient2): 1 while
 *       latency stays within 1.5× the no-load latency (more concurrency is absorbed), below 1 when batches
 *       queue behind each other. When {@code g < 1} the
 *       limit decays multiplicatively and EMA-smoothed: {@code limit ← limit × (1 + max(g, 0.5)) / 2}.
 *       When {@code g = 1} it grows additively by one, but only after 3 windows without a change (so it
 *       probes, then measures) and only when the work is not app-limited.</li>
 *   <li><b>Batch size: perturb and observe</b> (hill climbing on a ×2 grid between min and max). While the
 *       concurrency is unchanged, the controller tries the neighbouring size in the current direction for
 *       one window and keeps it if {@code eff} rose by more than 3% (and, for a larger size, the window was
 *       not app-limited), otherwise reverts and reverses
 *       direction; after two reversals at the same point it holds for 20 windows, then tries again, so a
 *       drifting optimum is followed. It never grows while app-limited.</li>
 *   <li><b>App-limited</b>: a window in which most batches were reported {@code appLimited} (fewer items
 *       were left than batch size × concurrency) blocks every increase: its latency says nothing about
 *       more load.</li>
 *   <li><b>Re-probe</b>: every 50 windows one window runs at the minimum concurrency and its per-item
 *       latency replaces the no-load estimate (estimates of other batch sizes are forgotten), so a backend
 *       that became slower is not mistaken for a queue forever.</li>
 *   <li><b>Bounds</b>: batch size in [minBatchSize, maxBatchSize]; concurrency in [minConcurrency,
 *       min(maxConcurrency, cap)] where the cap comes from CPU pressure ({@link #capConcurrency}).</li>
 * </ol>
 * Time is only measured by the caller (latencies passed in), so the law runs unchanged on a simulated
 * clock.
 *
 * <p>Implementation: users reach it through {@link dev.optimizer.batch.AdaptiveTuning} (issue 12: it was
 * public only for the bench).
 */
public final class AdaptiveController {
  private static final double TOLERANCE = 1.5;
  private static final double IMPROVEMENT = 0.03;
  private static final int GROW_AFTER = 3;
  private static final int SETTLE_WINDOWS = 20;
  private static final int PROBE_EVERY = 50;
  private static final int INITIAL_BATCH = 64;
  private static final long MIN_WINDOW_NANOS = 20_000_000L;
  private static final double NO_LOAD_DRIFT = 0.05;

  private final int minConcurrency;
  private final int maxConcurrency;
  private final int[] grid;
  private final double[] noLoad;

  private int index;
  private double limit;
  private int cap;
  private long generation;

  private long windowItems;
  private long windowLatency;
  private int windowBatches;
  private int windowAppLimited;
  private long windows;
  private int stableWindows;

  private boolean probing;
  private double limitBeforeProbe;
  private int probes;

  private int direction = 1;
  private int trialFrom = -1;
  private double baseline = Double.NaN;
  private int reversals;
  private int settle;

  /**
   * A controller within the given bounds, starting at batch size 64 (clamped) and concurrency 2 (clamped).
   *
   * @throws IllegalArgumentException if a bound is below 1 or a minimum exceeds its maximum
   */
  public AdaptiveController(int minBatchSize, int maxBatchSize, int minConcurrency, int maxConcurrency) {
    if (minBatchSize < 1 || maxBatchSize < minBatchSize || minConcurrency < 1 || maxConcurrency < minConcurrency) {
      throw new IllegalArgumentException("need 1 <= min <= max, got batch [" + minBatchSize + ", " + maxBatchSize
          + "], concurrency [" + minConcurrency + ", " + maxConcurrency + "]");
    }
    this.minConcurrency = minConcurrency;
    this.maxConcurrency = maxConcurrency;
    this.grid = grid(minBatchSize, maxBatchSize);
    this.noLoad = new double[grid.length];
    Arrays.fill(noLoad, Double.NaN);
    int start = 0;
    for (int i = 0; i < grid.length; i++) {
      if (Math.abs(Math.log(grid[i]) - Math.log(INITIAL_BATCH)) < Math.abs(Math.log(grid[start]) - Math.log(INITIAL_BATCH))) {
        start = i;
      }
    }
    this.index = start;
    this.cap = maxConcurrency;
    this.limit = Math.max(minConcurrency, Math.min(maxConcurrency, 2));
  }

  /** A controller with the bounds of {@code config}. */
  public static AdaptiveController of(BatchConfig config) {
    return new AdaptiveController(config.minBatchSize(), config.maxBatchSize(), config.minConcurrency(),
        config.maxConcurrency());
  }

  private static int[] grid(int min, int max) {
    int[] out = new int[64];
    int n = 0;
    for (long b = min; b < max; b *= 2) {
      out[n++] = (int) b;
    }
    out[n++] = max;
    return Arrays.copyOf(out, n);
  }

  /** The batch size to use for the next batch. */
  public synchronized int batchSize() {
    return grid[index];
  }

  /** How many batches should run at once now. */
  public synchronized int concurrency() {
    if (probing) {
      return minConcurrency;
    }
    return effective(limit);
  }

  private int effective(double l) {
    int upper = Math.max(minConcurrency, Math.min(maxConcurrency, cap));
    return Math.max(minConcurrency, Math.min(upper, (int) Math.floor(l + 1e-9)));
  }

  /** Changes with every change of settings; pass the value read before a batch to {@link #record}. */
  public synchronized long generation() {
    return generation;
  }

  /** Windows completed so far. */
  public synchronized long windows() {
    return windows;
  }

  /** Re-probes of the no-load latency so far. */
  public synchronized int probes() {
    return probes;
  }

  /**
   * Caps the concurrency (CPU pressure); {@code Integer.MAX_VALUE} lifts the cap. Values below the minimum
   * concurrency act as the minimum.
   */
  public synchronized void capConcurrency(int cap) {
    if (cap != this.cap) {
      int before = concurrency();
      this.cap = Math.max(1, cap);
      if (concurrency() != before) {
        changed();
      }
    }
  }

  /** Reports a batch run under the current settings. */
  public void record(int items, long latencyNanos, boolean appLimited) {
    long g;
    synchronized (this) {
      g = generation;
    }
    record(items, latencyNanos, appLimited, g);
  }

  /**
   * Reports one finished batch.
   *
   * @param items items in the batch
   * @param latencyNanos how long the batch call took (first attempt)
   * @param appLimited true when fewer items were waiting than batch size × concurrency
   * @param generation {@link #generation()} read when the batch was started; stale reports are ignored
   */
  public synchronized void record(int items, long latencyNanos, boolean appLimited, long generation) {
    if (generation != this.generation || items <= 0) {
      return;
    }
    windowItems += items;
    windowLatency += Math.max(1, latencyNanos);
    windowBatches++;
    if (appLimited) {
      windowAppLimited++;
    }
    // A window spans at least ~20 ms of wall time (total latency / concurrency), so scheduler noise averages out.
    if (windowBatches >= Math.max(4, 2 * concurrency()) && windowLatency >= MIN_WINDOW_NANOS * concurrency()) {
      endWindow();
    }
  }

  private void endWindow() {
    double perItem = (double) windowLatency / windowItems;
    int batches = windowBatches;
    double eff = 1.0 / perItem;
    // Every finite job ends with a short round; only a window mostly short of work counts as app-limited.
    boolean appLimited = windowAppLimited * 2 > batches;
    windowItems = 0;
    windowLatency = 0;
    windowBatches = 0;
    windowAppLimited = 0;
    windows++;

    if (probing) {
      probing = false;
      Arrays.fill(noLoad, Double.NaN);
      noLoad[index] = perItem;
      limit = limitBeforeProbe;
      baseline = Double.NaN;
      stableWindows = 0;
      changed();
      return;
    }
    // A decaying minimum (as BBR keeps its min RTT): one lucky window must not pin the estimate forever.
    noLoad[index] = Double.isNaN(noLoad[index]) ? perItem
        : perItem < noLoad[index] ? perItem : noLoad[index] + NO_LOAD_DRIFT * (perItem - noLoad[index]);

    if (windows % PROBE_EVERY == 0 && concurrency() > minConcurrency && trialFrom < 0) {
      probing = true;
      probes++;
      limitBeforeProbe = limit;
      changed();
      return;
    }

    // The gradient compares the window with the no-load latency of the size it was measured at.
    double g = Math.min(1.0, TOLERANCE * noLoad[index] / perItem);
    boolean settingsChanged = false;
    if (trialFrom >= 0) {
      // A larger size measured while app-limited proves nothing: the other workers may have starved.
      boolean grewIntoShortage = appLimited && index > trialFrom;
      if (!grewIntoShortage && eff > baseline * (1 + IMPROVEMENT)) {
        baseline = eff;
        reversals = 0;
      } else {
        settingsChanged = true;
        index = trialFrom;
        direction = -direction;
        if (++reversals >= 2) {
          reversals = 0;
          settle = SETTLE_WINDOWS;
        }
      }
      trialFrom = -1;
    } else {
      baseline = eff;
    }

    int before = concurrency();
    if (g < 1.0) {
      limit = Math.max(minConcurrency, limit * (1 + Math.max(g, 0.5)) / 2);
    } else if (!appLimited && stableWindows >= GROW_AFTER) {
      limit = Math.min(Math.min(maxConcurrency, cap), Math.floor(limit + 1e-9) + 1);
    }
    limit = Math.max(minConcurrency, Math.min(maxConcurrency, limit));
    if (concurrency() != before) {
      stableWindows = 0;
      baseline = Double.NaN;
      changed();
      return;
    }
    stableWindows++;

    if (settingsChanged) {
      // Reverted to the previous size: measure it again before moving.
      changed();
      return;
    }
    if (Double.isNaN(baseline)) {
      return;
    }
    if (settle > 0) {
      settle--;
      return;
    }
    int next = index + direction;
    if (next < 0 || next >= grid.length) {
      direction = -direction;
      next = index + direction;
    }
    if (next < 0 || next >= grid.length || (next > index && appLimited)) {
      return;
    }
    trialFrom = index;
    index = next;
    changed();
  }

  private void changed() {
    generation++;
    windowItems = 0;
    windowLatency = 0;
    windowBatches = 0;
    windowAppLimited = 0;
  }

  @Override
  public synchronized String toString() {
    return "AdaptiveController{batchSize=" + batchSize() + ", concurrency=" + concurrency() + ", limit=" + limit
        + ", windows=" + windows + ", probes=" + probes + "}";
  }
}
