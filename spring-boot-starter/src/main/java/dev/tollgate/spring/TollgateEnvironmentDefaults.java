package dev.tollgate.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring AI defaults for governed applications, added with the lowest precedence so any value the
 * application sets still wins:
 * <ul>
 *   <li>{@code spring.ai.openai.api-key}: a placeholder, so Spring AI starts with no provider key;
 *       Tollgate replaces whatever key a request carries with the team's leased one;</li>
 *   <li>{@code spring.ai.openai.max-retries=0} and {@code spring.ai.retry.max-attempts=1}: the
 *       engine owns retries (it knows which attempts are safe to repeat and meters each).</li>
 * </ul>
 * Nothing is added when {@code tollgate.enabled=false}.
 */
public class TollgateEnvironmentDefaults implements EnvironmentPostProcessor {

  /** The name of the property source holding these defaults. */
  public static final String SOURCE = "tollgateDefaults";
  /** The API key Spring AI is given; it never reaches a provider. */
  static final String PLACEHOLDER_KEY = "governed-by-tollgate";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getProperty("tollgate.enabled", Boolean.class, true)) {
      return;
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("spring.ai.openai.api-key", PLACEHOLDER_KEY);
    defaults.put("spring.ai.openai.max-retries", "0");
    defaults.put("spring.ai.retry.max-attempts", "1");
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
  }
}
