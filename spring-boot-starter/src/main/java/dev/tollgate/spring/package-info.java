/**
 * Spring Boot auto-configuration for Tollgate: a {@code Tollgate} bean built from the
 * {@code tollgate.*} properties and closed with the context, Spring AI's OpenAI models governed
 * through an {@code OpenAiHttpClientBuilderCustomizer}, an Actuator health indicator
 * {@code tollgate}, and the SDK's meters in the application's {@code MeterRegistry}. The
 * application adds the dependency and sets {@code tollgate.url}, {@code tollgate.client-id} and
 * {@code tollgate.client-secret}; its code names no Tollgate type.
 */
package dev.tollgate.spring;
