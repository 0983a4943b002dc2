package dev.optimizer.examples.service;

import dev.optimizer.examples.service.Model.AppSettings;
import dev.optimizer.lazy.LazyLoad;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/settings}: an expensive configuration value (a slow remote read, modelled by
 * {@code pg_sleep(0.05)} beside the settings query), loaded once on first use ({@code @LazyLoad}).
 */
@Component
public class SettingsSource {
  private final JdbcTemplate jdbc;

  public SettingsSource(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The settings; computed on the first call when the optimizer is on, on every call when it is off. */
  @LazyLoad
  public AppSettings settings() {
    Map<String, String> values = new TreeMap<>();
    jdbc.query("select s.key, s.value from settings s, (select pg_sleep(0.05)) slow order by s.key", rs -> {
      values.put(rs.getString(1), rs.getString(2));
    });
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      values.forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
      return new AppSettings(values, HexFormat.of().formatHex(sha.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
