/**
 * Spring Boot auto-configuration of the optimizer: {@code optimizer.*} properties, the module beans, the
 * advisor that makes the annotations work on any bean, the Spring {@code CacheManager} over the tiered
 * caches, transactions, and the actuator endpoint and health contributor. See docs/spring-boot.md.
 */
@NullMarked
package dev.optimizer.spring;

import org.jspecify.annotations.NullMarked;
