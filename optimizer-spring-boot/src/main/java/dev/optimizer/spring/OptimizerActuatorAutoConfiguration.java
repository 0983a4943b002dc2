package dev.optimizer.spring;

import dev.optimizer.core.Optimizer;
import dev.optimizer.dashboard.Dashboard;
import dev.optimizer.dashboard.DashboardConfig;
import dev.optimizer.dashboard.OperationsDocuments;
import dev.optimizer.spring.internal.OptimizerHealthIndicator;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * The operations surface in Spring: the {@code optimizer} actuator endpoint serving the dashboard's
 * documents, the {@code optimizer} health contributor, and the dashboard page when
 * {@code optimizer.dashboard.enabled=true}.
 */
@AutoConfiguration(after = OptimizerAutoConfiguration.class)
@ConditionalOnBean(Optimizer.class)
public class OptimizerActuatorAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(OptimizerActuatorAutoConfiguration.class);

  /** The documents, shared by the endpoint and the dashboard page. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.optimizer.dashboard.OperationsDocuments")
  static class Documents {
    @Bean
    @ConditionalOnMissingBean(OperationsDocuments.class)
    OperationsDocuments optimizerOperationsDocuments(Optimizer optimizer) {
      return OperationsDocuments.of(optimizer);
    }

    /** The actuator endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
    static class EndpointConfiguration {
      // On the method: its condition class is only read once the class-level check passed.
      @Bean
      @ConditionalOnAvailableEndpoint(OptimizerEndpoint.class)
      @ConditionalOnMissingBean(OptimizerEndpoint.class)
      OptimizerEndpoint optimizerEndpoint(OperationsDocuments documents) {
        return new OptimizerEndpoint(documents);
      }
    }

    /**
     * The dashboard's page and API on its own JDK HTTP server ({@code optimizer.dashboard.*}: host 127.0.0.1,
     * port, token for writes). It is not a servlet, so Spring Security does not guard it: its own token does.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "optimizer.dashboard", name = "enabled", havingValue = "true")
    static class DashboardPage {
      @Bean(destroyMethod = "close")
      @ConditionalOnMissingBean(Dashboard.class)
      Dashboard optimizerDashboard(Optimizer optimizer, org.springframework.core.env.Environment env) {
        DashboardConfig.Builder b = DashboardConfig.custom();
        String host = env.getProperty("optimizer.dashboard.host");
        if (host != null) {
          b.host(host);
        }
        Integer port = env.getProperty("optimizer.dashboard.port", Integer.class);
        if (port != null) {
          b.port(port);
        }
        String token = env.getProperty("optimizer.dashboard.token");
        if (token != null) {
          b.token(token);
        }
        Dashboard dashboard = Dashboard.start(optimizer, b.build());
        log.info("optimizer: dashboard page at {}", dashboard.uri());
        return dashboard;
      }
    }
  }

  /** The health contributor. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "optimizerHealthIndicator")
    OptimizerHealthIndicator optimizerHealthIndicator(Optimizer optimizer, ListableBeanFactory beans) {
      List<Object> connections = new ArrayList<>();
      if (ClassUtils.isPresent("dev.optimizer.redis.RedisConnection", getClass().getClassLoader())) {
        connections.addAll(beans.getBeansOfType(dev.optimizer.redis.RedisConnection.class).values());
      }
      return new OptimizerHealthIndicator(optimizer, connections);
    }
  }
}
