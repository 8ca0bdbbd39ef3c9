package dev.coffer.spring.health;

import dev.coffer.spring.CofferProperties;
import java.time.Clock;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code coffer} Actuator health indicator ({@link CofferHealth}), when Actuator is on the class
 * path; {@code management.health.coffer.enabled=false} turns it off.
 *
 * <p>Thread-safety: the bean is thread-safe.
 */
@AutoConfiguration
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnEnabledHealthIndicator("coffer")
@ConditionalOnProperty(prefix = "coffer", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CofferProperties.class)
public class CofferHealthAutoConfiguration {
    /** Named so that Actuator shows it as "coffer". */
    @Bean(name = "cofferHealthIndicator", initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean(name = "cofferHealthIndicator")
    public CofferHealth cofferHealthIndicator(CofferProperties properties) {
        return new CofferHealth(properties.getHealth().getKmsFailureThreshold(), Clock.systemUTC());
    }
}
