package dev.optimizer.examples.service;

import dev.optimizer.examples.service.Model.Quota;
import dev.optimizer.limit.RateLimit;
import org.springframework.stereotype.Component;

/** {@code GET /api/quota}: rate-limited per client (20 per second, burst 5) by {@code @RateLimit}. */
@Component
public class QuotaDesk {
  /** Serves {@code client}; throws {@code RateLimitedException} past its rate. */
  @RateLimit(name = "ref-quota", rate = "20/1s", burst = 5, key = "{0}")
  public Quota serve(String client) {
    return new Quota(client, System.currentTimeMillis());
  }
}
