package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.TierUnavailableException;
import dev.optimizer.core.testing.FakeTicker;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cache's own backoff for a failing tier, and its absence for tiers that guard their own outages.
 * The tier here is an in-memory implementation of our SPI (not a stand-in for Redis or MapDB): it lets the
 * test switch failure on and off and count calls exactly.
 */
class TierOutageBackoffTest {

  /** A map behind the ByteTier contract whose outage the test controls. */
  static final class SwitchableTier implements ByteTier {
    final Map<String, byte[]> data = new ConcurrentHashMap<>();
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger calls = new AtomicInteger();
    final boolean guards;

    SwitchableTier(boolean guards) {
      this.guards = guards;
    }

    private void check() {
      calls.incrementAndGet();
      if (down.get()) {
        throw new TierUnavailableException("L2", "switched off", null);
      }
    }

    @Override
    public String name() {
      return "L2";
    }

    @Override
    public byte[] get(String key) {
      check();
      return data.get(key);
    }

    @Override
    public Map<String, byte[]> getAll(Collection<String> keys) {
      check();
      Map<String, byte[]> out = new HashMap<>();
      keys.forEach(k -> {
        byte[] v = data.get(k);
        if (v != null) {
          out.put(k, v);
        }
      });
      return out;
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
      check();
      data.put(key, value);
    }

    @Override
    public void putAll(Map<String, byte[]> entries, Duration ttl) {
      check();
      data.putAll(entries);
    }

    @Override
    public void invalidate(String key) {
      check();
      data.remove(key);
    }

    @Override
    public long invalidateMatching(String glob) {
      check();
      return -1;
    }

    @Override
    public void invalidateAll() {
      check();
      data.clear();
    }

    @Override
    public long estimatedSize() {
      return data.size();
    }

    @Override
    public boolean guardsOutages() {
      return guards;
    }

    @Override
    public void close() {}
  }

  @ParameterizedTest(name = "guardsOutages={0}")
  @ValueSource(booleans = {false, true})
  void get_tierRecovers_rejoinsAfterCacheBackoffOnlyWhenTierDoesNotGuardItself(boolean guards) {
    FakeTicker ticker = new FakeTicker();
    SwitchableTier tier = new SwitchableTier(guards);
    try (TieredCache<String, String> cache = TieredCache.<String, String>builder(CacheConfig.custom("b")
        .l1Enabled(false).build()).ticker(ticker).valueCodec(ValueCodec.string()).l2(tier).build()) {
      tier.down.set(true);
      assertThat(cache.get("k", k -> "loaded")).isEqualTo("loaded"); // failure: never thrown to the caller
      tier.down.set(false);
      int before = tier.calls.get();
      cache.get("k2", k -> "loaded2");
      if (guards) {
        assertThat(tier.calls.get()).as("called again at once: its own breaker decides").isGreaterThan(before);
      } else {
        assertThat(tier.calls.get()).as("skipped during the cache's backoff").isEqualTo(before);
        ticker.advance(Duration.ofMinutes(1));
        cache.get("k3", k -> "loaded3");
        assertThat(tier.calls.get()).as("retried after the backoff").isGreaterThan(before);
      }
    }
  }

  @Test
  void get_tierDown_callerNeverSeesTheTierFailure() {
    SwitchableTier tier = new SwitchableTier(true);
    tier.down.set(true);
    try (TieredCache<String, String> cache = TieredCache.<String, String>builder(CacheConfig.custom("c")
        .build()).valueCodec(ValueCodec.string()).l2(tier).build()) {
      for (int i = 0; i < 50; i++) {
        assertThat(cache.get("k" + i, k -> "v")).isEqualTo("v");
      }
    }
  }
}
