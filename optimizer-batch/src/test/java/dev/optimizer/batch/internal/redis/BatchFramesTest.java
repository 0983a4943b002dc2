package dev.optimizer.batch.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.batch.internal.redis.BatchFrames.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchFramesTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void itemsRoundTripAndDamageIsAnIllegalArgument() {
    byte[] frame = BatchFrames.items(List.of(utf8("a"), new byte[0], utf8("ccc")));
    List<byte[]> back = BatchFrames.items(frame, 3);
    assertThat(back).hasSize(3);
    assertThat(new String(back.get(2), StandardCharsets.UTF_8)).isEqualTo("ccc");
    assertThat(back.get(1)).isEmpty();
    assertThatThrownBy(() -> BatchFrames.items(frame, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 3 items, expected 2");
    assertThatThrownBy(() -> BatchFrames.items(Arrays.copyOf(frame, frame.length - 1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchFrames.items(Arrays.copyOf(frame, frame.length + 2), 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
  }

  @Test
  void outcomesRoundTripWithValuesNullsAndFailures() {
    List<Outcome> values = List.of(Outcome.value(utf8("1")), Outcome.value(null));
    List<Outcome> back = BatchFrames.outcomes(BatchFrames.outcomes(values));
    assertThat(back).hasSize(2);
    assertThat(new String(back.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("1");
    assertThat(back.get(1).value()).isNull();
    assertThat(back.get(1).failed()).isFalse();

    List<Outcome> mixed = List.of(Outcome.value(utf8("x")), Outcome.failure("java.lang.IllegalStateException",
        "bad \u00e9\u4e2d\0 item", 3), Outcome.value(null));
    List<Outcome> got = BatchFrames.outcomes(BatchFrames.outcomes(mixed));
    assertThat(got.get(1).failed()).isTrue();
    assertThat(got.get(1).errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(got.get(1).message()).isEqualTo("bad \u00e9\u4e2d\0 item");
    assertThat(got.get(1).attempts()).isEqualTo(3);
    assertThat(got.get(2).value()).isNull();
  }

  @Test
  void damagedOutcomesAreAnIllegalArgument() {
    byte[] frame = BatchFrames.outcomes(List.of(Outcome.value(utf8("abc")), Outcome.failure("t", "m", 1)));
    for (int cut = 0; cut < frame.length; cut++) {
      byte[] part = Arrays.copyOf(frame, cut);
      assertThatThrownBy(() -> BatchFrames.outcomes(part)).isInstanceOf(IllegalArgumentException.class);
    }
    byte[] badTag = BatchFrames.outcomes(List.of(Outcome.value(null)));
    badTag[5] = 9;
    assertThatThrownBy(() -> BatchFrames.outcomes(badTag)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag 9");
  }
}
