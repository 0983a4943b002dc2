package dev.optimizer.batch.internal;

import dev.optimizer.core.spi.ModuleSettings;
import dev.optimizer.core.spi.Setting;
import java.util.List;

/** The batch module's {@code optimizer.batch.*} settings, listed for the core through ServiceLoader. */
public final class BatchSettings implements ModuleSettings {
  public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch.batch-size", 1, Integer.MAX_VALUE,
      "100", "default batch size of submitted jobs");
  public static final Setting<Integer> MAX_BATCH_SIZE = Setting.integer("batch.max-batch-size", 1,
      Integer.MAX_VALUE, "4096", "largest batch the ADAPTIVE strategy may choose");
  public static final Setting<Integer> MAX_WORKERS = Setting.integer("batch.max-workers", 1, 4096,
      "max(2, cores)", "worker threads of the batch processor at most");

  @Override
  public String module() {
    return "batch";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(BATCH_SIZE, MAX_BATCH_SIZE, MAX_WORKERS);
  }
}
