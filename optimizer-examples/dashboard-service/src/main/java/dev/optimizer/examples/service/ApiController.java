package dev.optimizer.examples.service;

import dev.optimizer.examples.service.Model.AppSettings;
import dev.optimizer.examples.service.Model.BatchPage;
import dev.optimizer.examples.service.Model.JobView;
import dev.optimizer.examples.service.Model.Principal;
import dev.optimizer.examples.service.Model.Quota;
import dev.optimizer.examples.service.Model.SyncStarted;
import dev.optimizer.examples.service.Model.User;
import dev.optimizer.limit.RateLimitedException;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The service's HTTP API. */
@RestController
public class ApiController {
  private final BatchPages batches;
  private final Directory directory;
  private final TokenVerifier tokens;
  private final SettingsSource settings;
  private final ReportStore reports;
  private final QuotaDesk quotas;
  private final SyncJobs jobs;

  public ApiController(BatchPages batches, Directory directory, TokenVerifier tokens, SettingsSource settings,
      ReportStore reports, QuotaDesk quotas, SyncJobs jobs) {
    this.batches = batches;
    this.directory = directory;
    this.tokens = tokens;
    this.settings = settings;
    this.reports = reports;
    this.quotas = quotas;
    this.jobs = jobs;
  }

  @GetMapping("/api/batches")
  public BatchPage batches(@RequestParam(defaultValue = "0") int page) {
    return batches.page(page);
  }

  @GetMapping("/api/users/{id}")
  public ResponseEntity<User> user(@PathVariable long id) {
    User u = directory.user(id);
    return u == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(u);
  }

  @PutMapping("/api/users/{id}/name")
  public ResponseEntity<Void> rename(@PathVariable long id, @RequestBody String name) {
    directory.rename(id, name);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/auth/verify")
  public ResponseEntity<Principal> verify(@RequestBody Map<String, String> body) {
    String token = body.get("token");
    if (token == null || token.isBlank()) {
      return ResponseEntity.badRequest().build();
    }
    Principal p = tokens.verify(token);
    return p.validAt(System.currentTimeMillis()) ? ResponseEntity.ok(p)
        : ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(p);
  }

  @DeleteMapping("/api/auth/tokens/{token}")
  public ResponseEntity<Void> revoke(@PathVariable String token) {
    return tokens.revoke(token) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
  }

  @GetMapping("/api/settings")
  public AppSettings settings() {
    return settings.settings();
  }

  @GetMapping(value = "/api/report", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<byte[]> report() {
    byte[] json = reports.report();
    return ResponseEntity.ok().header("X-Stored-Bytes", Long.toString(reports.storedBytes())).body(json);
  }

  @GetMapping("/api/quota")
  public Quota quota(@RequestHeader(name = "X-Client", defaultValue = "anonymous") String client) {
    return quotas.serve(client);
  }

  @PostMapping("/api/sync")
  public ResponseEntity<SyncStarted> sync() {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.start());
  }

  @GetMapping("/api/jobs/{id}")
  public ResponseEntity<JobView> job(@PathVariable long id) {
    return ResponseEntity.of(jobs.find(id));
  }

  /** The job's progress as server-sent events, one per batch and one at the end; then the stream closes. */
  @GetMapping(value = "/api/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public ResponseEntity<SseEmitter> events(@PathVariable long id) {
    SseEmitter emitter = new SseEmitter(120_000L);
    boolean known = jobs.listen(id, p -> {
      try {
        emitter.send(SseEmitter.event().name("progress").data(jobs.view(p), MediaType.APPLICATION_JSON));
        if (p.status().isTerminal()) {
          emitter.complete();
        }
      } catch (IOException | IllegalStateException e) {
        emitter.completeWithError(e);
      }
    });
    return known ? ResponseEntity.ok(emitter) : ResponseEntity.notFound().build();
  }

  @ExceptionHandler(RateLimitedException.class)
  public ResponseEntity<Map<String, Object>> limited(RateLimitedException e) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)))
        .body(Map.of("error", "rate limited", "key", e.key()));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  public ResponseEntity<Map<String, Object>> bad(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
  }
}
