package dev.optimizer.examples.service;

import dev.optimizer.cache.CacheResult;
import dev.optimizer.examples.service.Model.Principal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/auth/verify}: looks the token up and derives its signature (PBKDF2, the CPU cost of a
 * real verification). Cached for 30 s: a revoked token is honoured for at most that long. A token checked
 * again after 20 s is re-verified in the background (refresh-ahead), so a session in use never waits for
 * PBKDF2 after its first check, and its revocation is seen by the next re-verification.
 */
@Component
public class TokenVerifier {
  private static final int ITERATIONS = 2_000;
  private final JdbcTemplate jdbc;

  public TokenVerifier(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The principal of {@code token}; {@code valid} false when unknown or expired. */
  @CacheResult(cache = "ref-tokens", ttl = "30s", refreshAfter = "20s")
  public Principal verify(String token) {
    List<Principal> found = jdbc.query("select t.user_id, u.name, t.secret from tokens t join users u "
        + "on u.id = t.user_id where t.token = ? and t.expires_at > now()",
        (rs, i) -> new Principal(true, rs.getLong(1), rs.getString(2), sign(token, rs.getString(3))), token);
    return found.isEmpty() ? new Principal(false, 0, "", "") : found.get(0);
  }

  private static String sign(String token, String secret) {
    try {
      PBEKeySpec spec = new PBEKeySpec(token.toCharArray(), secret.getBytes(StandardCharsets.UTF_8), ITERATIONS, 256);
      return HexFormat.of().formatHex(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
          .getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    }
  }
}
