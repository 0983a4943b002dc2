package dev.optimizer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.Job;
import dev.optimizer.batch.JobHandle;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.EntryOptions;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.core.Optimizer;
import java.io.File;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * The page in a real browser: Debian's headless Chromium driven through chromedriver. {@code .ci/run} installs
 * both; without them this test fails under {@code CI=true} and is skipped elsewhere with a message.
 */
class DashboardBrowserTest {
  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private Optimizer optimizer;
  private Dashboard dashboard;
  private ChromeDriver browser;

  @BeforeEach
  void start(@TempDir Path profile) {
    requireBrowser();
    optimizer = Optimizer.builder().config(OperationsDocumentsTest.quietConfig()).build();
    dashboard = Dashboard.start(optimizer, DashboardConfig.custom().port(0).token(DashboardHttpTest.TOKEN)
        .maxStreamClients(2).streamInterval(Duration.ofMillis(250)).build());
    browser = chromium(profile);
  }

  static void requireBrowser() {
    if (CHROMIUM.canExecute() && CHROMEDRIVER.canExecute()) {
      return;
    }
    String message = "no headless Chromium: apt-get install -y chromium chromium-driver (as .ci/run does)";
    if ("true".equals(System.getenv("CI"))) {
      fail(message);
    }
    org.junit.jupiter.api.Assumptions.abort(message);
  }

  /** Chromium as the closed network needs it: no background traffic, a fresh profile. */
  static ChromeDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1500,1700", "--user-data-dir=" + profile.toAbsolutePath());
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return driver;
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    if (optimizer != null) {
      optimizer.close();
    }
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private double chartValue(String chart, String series) {
    Object v = js("var c = window.optimizerDashboard.charts['" + chart + "']; var v = c.lastValues()['" + series
        + "']; return v === undefined || v === null ? -1 : v;");
    return ((Number) v).doubleValue();
  }

  /** The text of column {@code column} in the row of {@code table} whose first two cells are {@code a}, {@code b}. */
  private String cell(String table, String a, String b, String column) {
    Object v = js("var t = document.getElementById('" + table + "'); var heads = Array.prototype.map.call("
        + "t.tHead.rows[0].cells, function (c) { return c.textContent; }); var i = heads.indexOf('" + column + "');"
        + "var row = Array.prototype.find.call(t.tBodies[0].rows, function (r) { return r.cells[0].textContent === '"
        + a + "' && r.cells[1].textContent === '" + b + "'; }); return row && i >= 0 ? row.cells[i].textContent : '?';");
    return String.valueOf(v);
  }

  private List<LogEntry> severe() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
  }

  private JsonNode usersL1() throws Exception {
    String body = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("api/v1/cache/stats")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return mapper.readTree(body).get("caches").get(0).get("tiers").get(0);
  }

  @Test
  void page_showsLiveTraffic_andClearsTheCacheOnlyWithTheToken() throws Exception {
    TieredCache<String, Object> users = optimizer.module(CacheModule.class).cache("users");
    users.get("warm", k -> "w");
    browser.get(dashboard.uri().toString());
    await().atMost(Duration.ofSeconds(20)).until(() -> ((Number) js(
        "return window.optimizerDashboard ? window.optimizerDashboard.state.snapshots : 0")).intValue() >= 2);
    assertThat(browser.findElement(By.id("stream-state")).getText()).isEqualTo("live");
    double hitRateBefore = chartValue("chart-hit-rate", "users L1");
    assertThat(hitRateBefore).isEqualTo(0.0);

    // Drive traffic: 10 keys read 20 times each (hit rate 190/200 on L1), and a batch job that takes a while.
    for (int round = 0; round < 20; round++) {
      for (int k = 0; k < 10; k++) {
        users.get("user:" + k, key -> "value of " + key);
      }
    }
    // A refresh-ahead entry, read again after the job below (seconds later): one background reload.
    EntryOptions refreshing = EntryOptions.defaults().withTtl(Duration.ofMinutes(10))
        .withRefreshAfter(Duration.ofMillis(200));
    users.get("report", key -> "first", refreshing);
    List<Integer> items = IntStream.range(0, 400).boxed().toList();
    JobHandle<Integer> job = optimizer.module(BatchModule.class).processor().submit(Job.<Integer, Integer>of(items,
        batch -> {
          Thread.sleep(100);
          return batch;
        }).name("reindex").batchSize(10).maxWorkers(1).build());

    await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("jobs")).getText().contains("reindex"));
    await().atMost(Duration.ofSeconds(20)).until(() -> chartValue("chart-batch", "items/s") > 0);
    await().atMost(Duration.ofSeconds(20)).until(() -> chartValue("chart-hit-rate", "users L1") > 0.9);
    assertThat(browser.findElement(By.id("cache-table")).getText()).contains("users", "L1");
    job.result().get(60, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("batch-figures")).getText()
        .contains("completed 1"));
    users.get("report", key -> "second", refreshing);
    await().atMost(Duration.ofSeconds(10)).until(() -> users.stats().refreshes() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> cell("cache-table", "users", "L1", "refreshes").equals("1"));
    assertThat(severe()).as("console errors").isEmpty();
    screenshot("dashboard-browser.png");

    // Without the token the server refuses and the page says so; nothing is cleared.
    new Select(browser.findElement(By.id("cache-select"))).selectByValue("users");
    browser.findElement(By.id("clear-cache")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("notice")).getText()
        .startsWith("Refused (401 unauthorized)"));
    assertThat(usersL1().get("size_entries").asLong()).as("warm, 10 users and report").isEqualTo(12);

    browser.findElement(By.id("token")).sendKeys(DashboardHttpTest.TOKEN);
    browser.findElement(By.id("clear-cache")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("notice")).getText()
        .startsWith("Cleared users"));
    await().atMost(Duration.ofSeconds(10)).until(() -> usersL1().get("size_entries").asLong() == 0);
    assertThat(users.getIfPresent("user:1")).isNull();

    // The only console error is the browser's own report of the refused request.
    assertThat(severe()).allSatisfy(e -> assertThat(e.getMessage()).contains("401"));
    screenshot("dashboard-browser-cleared.png");
  }

  @Test
  void page_overTheStreamCap_showsThe503() throws Exception {
    InputStream first = openStream();
    InputStream second = openStream();
    try {
      browser.get(dashboard.uri().toString());
      await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("notice")).getText()
          .contains("503 too_many_stream_clients"));
      assertThat(browser.findElement(By.id("stream-state")).getText()).isEqualTo("stream full");
    } finally {
      first.close();
      second.close();
    }
  }

  private InputStream openStream() throws Exception {
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(dashboard.uri().resolve("api/v1/stream")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    r.body().read();
    return r.body();
  }

  private void screenshot(String name) throws Exception {
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
