package dev.optimizer.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedoJournalTest {
  @TempDir
  Path dir;

  private record Rec(RedoJournal.Op op, String key, String value) {}

  private static List<Rec> replay(RedoJournal j) throws Exception {
    List<Rec> out = new ArrayList<>();
    j.replay((op, key, value) -> out.add(new Rec(op, key,
        value == null ? null : new String(value, StandardCharsets.UTF_8))));
    return out;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void replay_afterReopen_returnsRecordsInAppendOrder() throws Exception {
    Path file = dir.resolve("j");
    try (RedoJournal j = RedoJournal.open(file)) {
      j.append(RedoJournal.Op.PUT, "a", b("1"));
      j.append(RedoJournal.Op.REMOVE, "a", null);
      j.append(RedoJournal.Op.CLEAR, "", null);
      j.append(RedoJournal.Op.PUT, "ключ", new byte[0]);
    }
    try (RedoJournal j = RedoJournal.open(file)) {
      assertThat(replay(j)).containsExactly(new Rec(RedoJournal.Op.PUT, "a", "1"),
          new Rec(RedoJournal.Op.REMOVE, "a", null), new Rec(RedoJournal.Op.CLEAR, "", null),
          new Rec(RedoJournal.Op.PUT, "ключ", ""));
      assertThat(j.isEmpty()).isFalse();
    }
  }

  @Test
  void replay_tailCutMidRecord_keepsWholeRecordsAndTruncatesTheRest() throws Exception {
    Path file = dir.resolve("j");
    long afterTwo;
    try (RedoJournal j = RedoJournal.open(file)) {
      j.append(RedoJournal.Op.PUT, "a", b("alpha"));
      j.append(RedoJournal.Op.PUT, "b", b("beta"));
      afterTwo = j.size();
      j.append(RedoJournal.Op.PUT, "c", b("gamma-gamma-gamma"));
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() - 5);
    }
    try (RedoJournal j = RedoJournal.open(file)) {
      assertThat(replay(j)).extracting(Rec::key).containsExactly("a", "b");
      assertThat(Files.size(file)).isEqualTo(afterTwo);
      j.append(RedoJournal.Op.PUT, "d", b("delta"));
    }
    try (RedoJournal j = RedoJournal.open(file)) {
      assertThat(replay(j)).extracting(Rec::key).containsExactly("a", "b", "d");
    }
  }

  @Test
  void replay_flippedBitInARecord_stopsBeforeIt() throws Exception {
    Path file = dir.resolve("j");
    long afterOne;
    try (RedoJournal j = RedoJournal.open(file)) {
      j.append(RedoJournal.Op.PUT, "a", b("alpha"));
      afterOne = j.size();
      j.append(RedoJournal.Op.PUT, "b", b("beta"));
      j.append(RedoJournal.Op.PUT, "c", b("gamma"));
    }
    byte[] content = Files.readAllBytes(file);
    content[(int) afterOne + 12] ^= 0x01;
    Files.write(file, content);
    try (RedoJournal j = RedoJournal.open(file)) {
      // Records after a corrupt one cannot be trusted to be in order with the missing one: all dropped.
      assertThat(replay(j)).extracting(Rec::key).containsExactly("a");
    }
  }

  @Test
  void open_foreignFile_discardedAndUsable() throws Exception {
    Path file = dir.resolve("j");
    Files.write(file, b("this is not a journal at all"));
    try (RedoJournal j = RedoJournal.open(file)) {
      assertThat(replay(j)).isEmpty();
      j.append(RedoJournal.Op.PUT, "k", b("v"));
    }
    try (RedoJournal j = RedoJournal.open(file)) {
      assertThat(replay(j)).containsExactly(new Rec(RedoJournal.Op.PUT, "k", "v"));
    }
  }

  @Test
  void reset_dropsEveryRecord() throws Exception {
    Path file = dir.resolve("j");
    try (RedoJournal j = RedoJournal.open(file)) {
      j.append(RedoJournal.Op.PUT, "a", b("alpha"));
      j.reset();
      assertThat(j.isEmpty()).isTrue();
      j.append(RedoJournal.Op.PUT, "b", b("beta"));
    }
    try (RedoJournal j = RedoJournal.open(file)) {
      assertThat(replay(j)).extracting(Rec::key).containsExactly("b");
    }
  }
}
