package dev.optimizer.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.cache.internal.redis.InvalidationCodec;
import dev.optimizer.cache.internal.redis.RedisKeys;
import dev.optimizer.cache.spi.InvalidationMessage;
import dev.optimizer.cache.spi.InvalidationMessage.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Wire format of invalidations and the tier's key/pattern encoding; no Redis needed. */
class InvalidationCodecTest {

  @Test
  void encodeDecode_everyKindWithUnicode_roundTrips() {
    for (Kind kind : new Kind[] {Kind.KEY, Kind.PATTERN, Kind.ALL}) {
      InvalidationMessage m = new InvalidationMessage("users", kind, "ключ:*:€", "node-1");
      assertThat(InvalidationCodec.decode(InvalidationCodec.encode(m))).isEqualTo(m);
    }
  }

  @Test
  void decode_truncatedForeignOrResync_returnsNull() {
    byte[] good = InvalidationCodec.encode(new InvalidationMessage("c", Kind.KEY, "k", "n"));
    for (int len = 0; len < good.length; len++) {
      assertThat(InvalidationCodec.decode(Arrays.copyOf(good, len))).as("truncated to %d", len).isNull();
    }
    assertThat(InvalidationCodec.decode("hello".getBytes(StandardCharsets.UTF_8))).isNull();
    byte[] resync = InvalidationCodec.encode(new InvalidationMessage("c", Kind.RESYNC, "", "n"));
    assertThat(InvalidationCodec.decode(resync)).as("RESYNC never travels").isNull();
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    assertThat(InvalidationCodec.decode(trailing)).isNull();
    byte[] hugeLength = good.clone();
    hugeLength[2] = 0x7f;
    assertThat(InvalidationCodec.decode(hugeLength)).isNull();
  }

  @Test
  void redisKeys_prefixAndGlob_escapeAsDocumented() {
    RedisKeys keys = new RedisKeys("app:cache:we*rd[1]:");

    assertThat(new String(keys.encode("k:1"), StandardCharsets.UTF_8)).isEqualTo("app:cache:we*rd[1]:k:1");
    assertThat(new String(keys.match("users:*"), StandardCharsets.UTF_8))
        .isEqualTo("app:cache:we\\*rd\\[1\\]:users:*");
    assertThat(new String(keys.match("a?[b]\\*"), StandardCharsets.UTF_8))
        .isEqualTo("app:cache:we\\*rd\\[1\\]:a?\\[b\\]\\*");
  }
}
