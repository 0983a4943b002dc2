package dev.optimizer.lazy.internal;

import dev.optimizer.core.Pressure;
import dev.optimizer.core.Tunable;
import dev.optimizer.core.TuningEvent;
import java.time.Instant;
import java.util.List;

/**
 * Pauses preloading while CPU is under pressure and resumes it once relieved (below
 * {@link Pressure#RELIEF} of the threshold); in between it holds, so it does not flap. Under
 * {@code OptimizationLevel.NONE} it never pauses and resumes a pause it made. It only resumes pauses it
 * made itself. Called on the tuning thread.
 */
public final class PreloadThrottle implements Tunable {
  private final String name;
  private final PreloadScheduler scheduler;
  private boolean pausedByUs;

  /**
   * @param registryName the registry's name, part of {@link #name()}
   * @param scheduler what to pause
   */
  public PreloadThrottle(String registryName, PreloadScheduler scheduler) {
    this.name = "lazy." + registryName + ".preload";
    this.scheduler = scheduler;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized List<TuningEvent> adjust(Pressure pressure) {
    Instant at = pressure.at();
    boolean tunes = pressure.level().tunes();
    if (!pausedByUs && tunes && pressure.cpuHigh()) {
      scheduler.pause();
      pausedByUs = true;
      return List.of(new TuningEvent(at, name, "paused", "false", "true", "CPU pressure "
          + percent(pressure.cpu()) + " >= threshold " + percent(pressure.cpuThreshold())));
    }
    if (pausedByUs && (!tunes || pressure.cpuRelieved())) {
      scheduler.resume();
      pausedByUs = false;
      return List.of(new TuningEvent(at, name, "paused", "true", "false",
          tunes ? "CPU pressure relieved (" + percent(pressure.cpu()) + ")" : "tuning is off"));
    }
    return List.of();
  }

  private static String percent(double fraction) {
    return Math.round(fraction * 100) + "%";
  }
}
