package dev.coffer.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * {@link CofferMetrics} on the application's {@link MeterRegistry} (and {@link ObservationRegistry},
 * if there is one), when Micrometer is on the class path and a registry bean exists (Actuator makes
 * one). Listens from context start to context close. The Actuator auto-configurations it runs after
 * are named as strings, so it loads without Actuator (Micrometer alone, with the application's own
 * registry bean).
 *
 * <p>Thread-safety: the bean is thread-safe.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, ObservationRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "coffer", name = "enabled", havingValue = "true", matchIfMissing = true)
public class CofferMetricsAutoConfiguration {
    /** Coffer's meters; see {@link CofferMetrics} for names and tags. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    public CofferMetrics cofferMetrics(MeterRegistry registry, ObjectProvider<ObservationRegistry> observations) {
        return new CofferMetrics(registry, observations.getIfAvailable());
    }
}
