package dev.optimizer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

/** The configuration processor generated metadata, so IDEs complete every key the issue lists. */
class ConfigurationMetadataTest {
  @Test
  void metadata_listsEveryDocumentedKey_withDescriptions() throws Exception {
    URL url = null;
    for (URL u : Collections.list(getClass().getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      if (u.toString().contains("optimizer-spring-boot")) {
        url = u;
      }
    }
    assertThat(url).as("our metadata on the classpath").isNotNull();
    Map<String, ConfigurationMetadataProperty> properties;
    try (InputStream in = url.openStream()) {
      properties = ConfigurationMetadataRepositoryJsonBuilder.create(in).build().getAllProperties();
    }
    List<String> names = new ArrayList<>(properties.keySet());
    properties.forEach((name, p) ->
        assertThat(p.getDescription()).as("description of %s", name).isNotBlank());
    assertThat(names).contains("optimizer.profile", "optimizer.level", "optimizer.cpu-threshold",
        "optimizer.memory-threshold", "optimizer.monitor-interval", "optimizer.redis.url",
        "optimizer.redis.pool-size", "optimizer.cache.l3-directory", "optimizer.cache.defaults.l1-size",
        "optimizer.cache.defaults.ttl", "optimizer.cache.defaults.l1-ttl", "optimizer.cache.defaults.l2-ttl",
        "optimizer.cache.defaults.l3-ttl", "optimizer.cache.defaults.tiers", "optimizer.cache.defaults.cache-null",
        "optimizer.cache.caches", "optimizer.batch.batch-size", "optimizer.batch.max-batch-size",
        "optimizer.batch.max-workers", "optimizer.compress.level", "optimizer.compress.algorithm",
        "optimizer.lazy.preload-count", "optimizer.lazy.preload-concurrency", "optimizer.advisor.order",
        "optimizer.dashboard.enabled");
  }
}
