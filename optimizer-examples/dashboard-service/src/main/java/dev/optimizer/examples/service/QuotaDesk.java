package dev.optimizer.examples.service;

import dev.optimizer.examples.service.Model.Quota;
import dev.optimizer.limit.RateLimit;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/quota}: rate-limited per client (30 a minute, burst 10) by {@code @RateLimit}, one budget
 * for both replicas (the limiter decides in Redis).
 */
@Component
public class QuotaDesk {
  /** Serves {@code client}; throws {@code RateLimitedException} past its rate. */
  @RateLimit(name = "ref-quota", rate = "30/1m", burst = 10, key = "{0}")
  public Quota serve(String client) {
    return new Quota(client, System.currentTimeMillis());
  }
}
