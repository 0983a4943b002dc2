/** Implementation of the Spring Boot integration; not an API. */
@NullMarked
package dev.optimizer.spring.internal;

import org.jspecify.annotations.NullMarked;
