/**
 * What a module author uses to plug a module into the optimizer: {@link
 * dev.optimizer.core.spi.OptimizerModule} (found through {@link java.util.ServiceLoader}), the {@link
 * dev.optimizer.core.spi.ModuleContext} it is started with, {@link dev.optimizer.core.spi.MethodInterceptor}
 * and {@link dev.optimizer.core.spi.Invocation} for annotations, {@link
 * dev.optimizer.core.spi.AnnotationLookup}, {@link dev.optimizer.core.spi.SampleSource} and {@link
 * dev.optimizer.core.spi.TunableLimit}. Applications use {@code dev.optimizer.core} instead.
 */
@NullMarked
package dev.optimizer.core.spi;

import org.jspecify.annotations.NullMarked;
