package dev.optimizer.examples.service;

import dev.optimizer.cache.CacheInvalidate;
import dev.optimizer.cache.CacheKey;
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
 * {@code POST /api/auth/verify} and {@code DELETE /api/auth/tokens/{token}}: looks the token up and derives
 * its signature (PBKDF2, the CPU cost of a real verification).
 *
 * <p>A verification is cached for 10 minutes, the way a session's token is checked again and again:
 * revoking a token through {@link #revoke} drops its entry on every replica (an invalidation, not a TTL,
 * bounds how long a revoked token is honoured), the token's own expiry is checked on every use
 * ({@link Principal#validAt}), and a token checked again after a minute is re-verified in the background
 * (refresh-ahead), which catches a revocation made in the database behind the service's back.
 */
@Component
public class TokenVerifier {
  private static final int ITERATIONS = 2_000;
  private final JdbcTemplate jdbc;

  public TokenVerifier(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The principal of {@code token}; {@code valid} false when unknown. Check its expiry with {@code validAt}. */
  @CacheResult(cache = "ref-tokens", ttl = "10m", refreshAfter = "60s")
  public Principal verify(String token) {
    List<Principal> found = jdbc.query("select t.user_id, u.name, t.secret, t.expires_at from tokens t "
        + "join users u on u.id = t.user_id where t.token = ?",
        (rs, i) -> new Principal(true, rs.getLong(1), rs.getString(2), sign(token, rs.getString(3)),
            rs.getTimestamp(4).getTime()), token);
    return found.isEmpty() ? new Principal(false, 0, "", "", 0) : found.get(0);
  }

  /**
   * Revokes {@code token} (it expires now); every replica rejects it from its next check on.
   *
   * @return whether the token existed
   */
  @CacheInvalidate(cache = "ref-tokens")
  public boolean revoke(@CacheKey String token) {
    return jdbc.update("update tokens set expires_at = least(expires_at, now()) where token = ?", token) > 0;
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
