package dev.tollgate.collector.credentials;

/** OAuth 2.0 client credentials, from JSON or a form. */
public record TokenRequest(String grantType, String clientId, String clientSecret) {}
