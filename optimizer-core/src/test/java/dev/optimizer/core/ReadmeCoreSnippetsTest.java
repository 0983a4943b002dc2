package dev.optimizer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of docs/core.md and the README's core quick start, compiled and run; the regions
 * between the tag markers are checked against README.md and docs/*.md by optimizer-bench's
 * ReadmeSnippetsCheckTest.
 */
class ReadmeCoreSnippetsTest {
  public interface UserService {
    String find(String id);
  }

  public static class DbUserService implements UserService {
    @Override
    public String find(String id) {
      return "user " + id;
    }
  }

  public static class ReportService {
    public String report(int year) {
      return "report " + year;
    }
  }

  @Test
  void coreSnippet_proxyEnhanceStats_asCommented() {
    // tag::core[]
    try (Optimizer optimizer = Optimizer.builder()
            .config(OptimizerConfig.custom().profile(Profile.PRODUCTION).cpuThreshold(0.75).build())
            .build()) {
        UserService fast = optimizer.proxy(UserService.class, new DbUserService()); // interfaces: JDK proxy
        ReportService reports = optimizer.enhance(new ReportService());             // classes: ByteBuddy subclass
        System.out.println(optimizer.stats());  // system figures (current/avg/max/trend) and tuning events
        // end::core[]
        assertThat(Proxy.isProxyClass(fast.getClass())).isTrue();
        assertThat(fast.find("42")).isEqualTo("user 42");
        assertThat(reports.getClass()).isNotEqualTo(ReportService.class);
        assertThat(reports).isInstanceOf(ReportService.class);
        assertThat(reports.report(2024)).isEqualTo("report 2024");
        assertThat(optimizer.config().profile()).isEqualTo(Profile.PRODUCTION);
        assertThat(optimizer.stats()).isNotNull();
        // tag::core[]
    }
    // end::core[]
  }
}
