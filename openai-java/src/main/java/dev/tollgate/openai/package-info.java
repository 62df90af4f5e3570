/**
 * Tollgate for the official OpenAI Java SDK: {@link dev.tollgate.openai.TollgateOpenAI} hands
 * out openai-java clients whose calls Tollgate governs. Everything else in this package is
 * package-private plumbing (openai-java's {@code HttpClient} over an OkHttp client carrying
 * Tollgate's interceptor).
 */
package dev.tollgate.openai;
