package dev.optimizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.spi.ModuleContext;
import dev.optimizer.core.spi.OptimizerModule;
import dev.optimizer.core.testing.FakeTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TickerTest {

  @Test
  void wallMillis_lambdaTickerMoved_wallTimeMovesByTheSameAmount() {
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    Ticker ticker = nanos::get;
    long before = ticker.wallMillis();
    nanos.addAndGet(Duration.ofMinutes(3).toNanos());
    assertThat(ticker.wallMillis() - before).isEqualTo(Duration.ofMinutes(3).toMillis());
  }

  @Test
  void wallMillis_systemTicker_isTheSystemWallClock() {
    long before = System.currentTimeMillis();
    long wall = Ticker.system().wallMillis();
    assertThat(wall).isBetween(before, System.currentTimeMillis());
  }

  @Test
  void advance_fakeTicker_movesBothReadings() {
    FakeTicker ticker = new FakeTicker();
    ticker.advance(Duration.ofSeconds(90));
    assertThat(ticker.read()).isEqualTo(FakeTicker.START_NANOS + Duration.ofSeconds(90).toNanos());
    assertThat(ticker.now()).isEqualTo(FakeTicker.START.plusSeconds(90));
  }

  @Test
  void advance_negative_throws() {
    assertThatThrownBy(() -> new FakeTicker().advanceNanos(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderTicker_moduleStarted_contextGivesTheSameTicker() {
    FakeTicker ticker = new FakeTicker();
    AtomicReference<Ticker> seen = new AtomicReference<>();
    OptimizerModule probe = new OptimizerModule() {
      @Override
      public String name() {
        return "ticker-probe";
      }

      @Override
      public void start(ModuleContext context) {
        seen.set(context.ticker());
      }
    };
    try (Optimizer optimizer = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false).build())
        .ticker(ticker).discoverModules(false).module(probe).build()) {
      assertThat(seen.get()).isSameAs(ticker);
    }
  }

  @Test
  void builderTicker_leakSuspected_eventStampedWithTickerWallTime() {
    FakeTicker ticker = new FakeTicker().advance(Duration.ofHours(1));
    ScriptedSampleSource source = new ScriptedSampleSource();
    try (Optimizer optimizer = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
            .leakDetectionCollections(3).build())
        .sampleSource(source).ticker(ticker).discoverModules(false).build()) {
      TuningEvent leak = null;
      for (long v : new long[] {100, 200, 300, 400}) {
        source.collect(v);
        for (TuningEvent e : optimizer.optimizeNow()) {
          if (e.target().equals("jvm")) {
            leak = e;
          }
        }
      }
      assertThat(leak).isNotNull();
      assertThat(leak.at()).isEqualTo(Instant.ofEpochMilli(ticker.wallMillis()))
          .isEqualTo(FakeTicker.START.plus(Duration.ofHours(1)));
    }
  }
}
