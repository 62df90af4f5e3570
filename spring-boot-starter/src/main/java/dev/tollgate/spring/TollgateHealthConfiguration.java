package dev.tollgate.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The Actuator health indicator {@code tollgate}, when Spring Boot's health support is present. */
@AutoConfiguration(after = TollgateAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", matchIfMissing = true)
@ConditionalOnEnabledHealthIndicator("tollgate")
public class TollgateHealthConfiguration {

  /** The indicator, named {@code tollgate} after its bean name's prefix. */
  @Bean
  @ConditionalOnMissingBean(name = "tollgateHealthIndicator")
  @ConditionalOnBean(TollgateProperties.class)
  TollgateHealthIndicator tollgateHealthIndicator(TollgateProperties properties) {
    return new TollgateHealthIndicator(properties);
  }
}
