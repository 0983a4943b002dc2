package dev.optimizer.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * How {@code docs/images/dashboard.png} is made: a screenshot of a running dashboard (the bench's
 * {@code --demo-only --dashboard}) in headless Chromium, once the charts hold a minute of data.
 *
 * <pre>
 * java -cp "$(cat cp.txt):optimizer-dashboard/target/test-classes:optimizer-dashboard/target/classes" \
 *     dev.optimizer.dashboard.PageScreenshot http://127.0.0.1:8081/ docs/images/dashboard.png 60
 * </pre>
 */
public final class PageScreenshot {
  private PageScreenshot() {}

  /** Arguments: the page's URL, the PNG to write, seconds to let the charts fill. */
  public static void main(String[] args) throws Exception {
    Path profile = Files.createTempDirectory("dashboard-shot-");
    ChromeDriver browser = DashboardBrowserTest.chromium(profile);
    try {
      browser.get(args[0]);
      Thread.sleep(Duration.ofSeconds(Long.parseLong(args[2])).toMillis());
      Object height = ((JavascriptExecutor) browser).executeScript("return document.body.scrollHeight");
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1500, ((Number) height).intValue() + 160));
      Thread.sleep(1500);
      Path out = Path.of(args[1]);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.quit();
    }
  }
}
