package dev.tollgate.collector.credentials;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** OAuth 2.0 client credentials, from JSON or a form. Fields it does not know are ignored (OAuth clients send more). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenRequest(String grantType, String clientId, String clientSecret) {}
