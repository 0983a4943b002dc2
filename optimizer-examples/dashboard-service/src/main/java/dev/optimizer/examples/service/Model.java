package dev.optimizer.examples.service;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The service's values; records, Serializable so the cache's L2 (Redis) can hold them. */
public final class Model {
  private Model() {}

  /** A user. */
  public record User(long id, String name, String email) implements Serializable {}

  /** A batch row as stored. */
  public record Batch(long id, String title, long assigneeId) {}

  /** A batch as the dashboard shows it: with its assignee and file count. */
  public record BatchView(long id, String title, String assignee, int files) {}

  /** A page of batches. */
  public record BatchPage(int page, List<BatchView> batches) {}

  /**
   * The result of verifying a token; {@code valid} false for an unknown token. {@code expiresAtMillis}
   * (epoch ms) is the token's own expiry: a cached principal is checked against it at every use, so a cached
   * verification never outlives its token.
   */
  public record Principal(boolean valid, long userId, String name, String signature, long expiresAtMillis)
      implements Serializable {
    /** Whether the token is valid at {@code nowMillis} (epoch ms). */
    public boolean validAt(long nowMillis) {
      return valid && nowMillis < expiresAtMillis;
    }
  }

  /** The configuration loaded lazily. */
  public record AppSettings(Map<String, String> values, String digest) {}

  /** What a client may still do, answered by the rate-limited endpoint. */
  public record Quota(String client, long servedAt) {}

  /** A started sync job. */
  public record SyncStarted(long jobId, int records, String mode) {}

  /** A job's state as {@code GET /api/jobs/{id}} shows it. */
  public record JobView(long jobId, String status, long done, long failed, long total, String node) {}
}
