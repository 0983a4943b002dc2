package dev.optimizer.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * An optimizer with the test {@code RecordingModule} discovered, no tuning and no monitoring, fresh for
 * each test and closed after it; the interception tests share it.
 */
abstract class RecordingOptimizerTestBase {
  protected Optimizer optimizer;

  @BeforeEach
  void startRecordingOptimizer() {
    RecordingModule.TRACE.clear();
    optimizer = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().level(OptimizationLevel.NONE)
            .monitoringEnabled(false).build())
        .build();
  }

  @AfterEach
  void closeRecordingOptimizer() {
    optimizer.close();
  }
}
