package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import dev.optimizer.core.spi.ModuleSettings;
import dev.optimizer.core.spi.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The compression module's {@code optimizer.compress.*} settings, listed for the core through ServiceLoader. */
public final class CompressSettings implements ModuleSettings {
  public static final Setting<Level> LEVEL = Setting.enumeration("compress.level", Level.class, "BALANCED",
      "default compression level");
  /** Empty for automatic selection. */
  public static final Setting<Optional<Algorithm>> ALGORITHM = Setting.of("compress.algorithm", "AUTO",
      "fixed algorithm of compress(data), or AUTO to choose by measuring",
      "AUTO or one of " + Arrays.toString(Algorithm.values()), text -> {
        String v = text.trim().toUpperCase(Locale.ROOT);
        return v.equals("AUTO") ? Optional.empty() : Optional.of(Algorithm.valueOf(v));
      });

  @Override
  public String module() {
    return "compress";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(LEVEL, ALGORITHM);
  }
}
